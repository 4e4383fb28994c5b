// The HTML page rendered by a real browser: headless Chromium takes a
// screenshot and dumps the DOM it built, and both must show every chart with
// the right number of bars and cells. Skips where chromium is absent.
#include "hub_fixture.hpp"
#include "ingest/ingestor.hpp"
#include "report/report_commands.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace pg;
using namespace pg::hub;
using pg::hub::test::concat;
using pg::hub::test::local_ms;
using pg::hub::test::make_batch;
using pg::hub::test::message_for;
using pg::hub::test::repeat;

namespace {

constexpr int kWindowWidth = 1200, kWindowHeight = 2600;
constexpr int kBodyMargin = 24;  // the page's CSS margin: where every chart starts
constexpr double kChartWidth = 1100;

std::string find_chromium() {
    for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"})
        if (std::filesystem::exists(p)) return p;
    return {};
}

std::string read(const std::filesystem::path& f) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

int count(const std::string& text, const std::string& part) {
    int n = 0;
    for (auto i = text.find(part); i != std::string::npos; i = text.find(part, i + 1)) ++n;
    return n;
}

std::int64_t berlin(int day, int hour, int minute = 0) {
    return local_ms(cctz::civil_second(2026, 3, day, hour, minute, 0), "Europe/Berlin");
}

// A Berlin desk, 19 to 25 March 2026: five days at the desk from 08:00 to 17:00
// (sittings at 8, 10, 12, 14 and 16 o'clock), Saturday the 21st paused all day
// (outside the monitoring schedule), Sunday the 22nd nothing at all, and on the
// 25th a paused lunch from 13:00 to 14:00.
class HtmlPage : public test::TempDirTest {
protected:
    void SetUp() override {
        TempDirTest::SetUp();
        auto db = open_hub_database(path("hub.db"));
        Ingestor ingestor(db, "postureguard");
        std::uint64_t seq = 0;
        const auto send = [&](std::int64_t t0, const std::vector<PostureState>& states, std::uint32_t cadence) {
            const std::vector<IncomingMessage> m{
                message_for(make_batch("desk-1", ++seq, t0, states, "Europe/Berlin", cadence))};
            ASSERT_TRUE(ingestor.ingest(m).has_value());
        };
        for (int day : {19, 20, 23, 24, 25})
            for (int hour = 8; hour < 17; hour += 2)
                send(berlin(day, hour),
                     concat({repeat(PostureState::good, 40 + 10 * (day % 3) + 3 * hour),
                             repeat(PostureState::forward_head, 20 + 2 * (hour % 5)), repeat(PostureState::slouch, 15),
                             repeat(PostureState::away, 10)}),
                     20000);  // under an hour each: one bar per sitting in the hour profile
        send(berlin(21, 0), repeat(PostureState::paused, 24 * 60), 60000);
        send(berlin(25, 13), repeat(PostureState::paused, 60), 60000);
    }
};

// The bars of one chart on the screenshot: the chart is found by its panel
// colour (each chart has its own), then a row just above its baseline is read,
// and every run of non-panel pixels at least `min_width` wide is a bar.
struct Chart {
    int top = -1, bottom = -1;  // rows holding the panel colour
    std::vector<std::pair<int, int>> bars;  // [x0, x1) on the scanned row
};

bool is(const cv::Vec3b& p, int r, int g, int b) {
    return std::abs(p[2] - r) <= 2 && std::abs(p[1] - g) <= 2 && std::abs(p[0] - b) <= 2;
}

Chart find_chart(const cv::Mat& img, int r, int g, int b, int baseline_from_top, int min_width) {
    Chart c;
    const int probe = kBodyMargin + 3;  // the panel's left edge: never covered by a bar
    for (int y = 0; y < img.rows; ++y)
        if (is(img.at<cv::Vec3b>(y, probe), r, g, b)) {
            if (c.top < 0) c.top = y;
            c.bottom = y;
        }
    if (c.top < 0) return c;
    const int y = c.top + baseline_from_top - 2;
    int start = -1;
    for (int x = kBodyMargin; x <= kBodyMargin + static_cast<int>(kChartWidth); ++x) {
        const bool bar = x < kBodyMargin + static_cast<int>(kChartWidth) && !is(img.at<cv::Vec3b>(y, x), r, g, b);
        if (bar && start < 0) start = x;
        if (!bar && start >= 0) {
            if (x - start >= min_width) c.bars.emplace_back(start, x);
            start = -1;
        }
    }
    return c;
}

// Index of the slot (of `slots` across the chart) the middle of a bar is in.
int slot_of(const std::pair<int, int>& bar, int slots) {
    const double mid = (bar.first + bar.second) / 2.0 - kBodyMargin;
    return static_cast<int>(mid / (kChartWidth / slots));
}

}  // namespace

TEST_F(HtmlPage, EveryChartRendersInChromiumWithItsBarsAndCells) {
    const auto html = path("report.html");
    {
        auto db = open_report_database(path("hub.db"));
        const ReportScope scope{std::nullopt, false, false, berlin(27, 12)};  // "today": Friday the 27th
        EXPECT_EQ(report_html(db, scope, std::string("2026-03-25"), html.string()).exit_code, 0);
        // Without a date: the latest day with data, and the 7 days ending today.
        EXPECT_EQ(report_html(db, scope, std::nullopt, path("today.html").string()).exit_code, 0);
        const std::string today = read(path("today.html"));
        EXPECT_NE(today.find("<h1>desk-1 &mdash; 2026-03-25"), std::string::npos) << today.substr(0, 400);
        EXPECT_NE(today.find("<h2>Last 7 days: 2026-03-21 to 2026-03-27</h2>"), std::string::npos);
    }
    const std::string page = read(html);
    for (const char* id : {"<svg id=\"day-timeline\"", "<svg id=\"last7-bars\"", "<svg id=\"hour-profile\"",
                           "<svg id=\"calendar-heatmap\""})
        EXPECT_EQ(count(page, id), 1) << id;
    EXPECT_EQ(page.find("<script"), std::string::npos) << "self-contained, no scripts";
    EXPECT_NE(page.find("<h2>Last 7 days: 2026-03-19 to 2026-03-25</h2>"), std::string::npos);
    EXPECT_NE(page.find("Posture slips most at "), std::string::npos);
    EXPECT_NE(page.find("paused 1h 00m (not monitored)"), std::string::npos) << "the day's paused lunch";

    const std::string chromium = find_chromium();
    if (chromium.empty()) GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
    const std::string flags = " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                              "--disable-background-networking --disable-component-update --disable-sync "
                              "--user-data-dir=" + path("chromium-profile").string();

    // The DOM as Chromium parsed it: every bar and label where the page says.
    const std::string dom_cmd = chromium + flags + " --dump-dom file://" + html.string() + " >" +
                                path("dom.html").string() + " 2>" + path("dom.log").string();
    ASSERT_EQ(std::system(dom_cmd.c_str()), 0) << dom_cmd << "\n" << read(path("dom.log"));
    const std::string dom = read(path("dom.html"));
    EXPECT_EQ(count(dom, "<g class=\"day-bar\""), 5) << "the five days at the desk";
    EXPECT_EQ(count(dom, "class=\"day-score\""), 5);
    EXPECT_EQ(count(dom, "class=\"day-paused\""), 1) << "Saturday, paused all day";
    EXPECT_EQ(count(dom, "class=\"day-grade\""), 7);
    EXPECT_EQ(count(dom, "<g class=\"hour-bar\""), 5) << "8, 10, 12, 14 and 16 o'clock";
    EXPECT_EQ(count(dom, "class=\"hour-share\""), 5);
    EXPECT_EQ(count(dom, "url(#paused-stripes)"), 60) << "the paused lunch: 60 minutes on the timeline";

    const auto png = path("page.png");
    const std::string shot_cmd = chromium + flags + " --screenshot=" + png.string() + " --window-size=" +
                                 std::to_string(kWindowWidth) + "," + std::to_string(kWindowHeight) + " file://" +
                                 html.string() + " >" + path("chromium.log").string() + " 2>&1";
    ASSERT_EQ(std::system(shot_cmd.c_str()), 0) << shot_cmd << "\n" << read(path("chromium.log"));
    const cv::Mat img = cv::imread(png.string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(img.empty()) << read(path("chromium.log"));
    ASSERT_EQ(img.cols, kWindowWidth);
    ASSERT_EQ(img.rows, kWindowHeight);
    // PG_HTML_SCREENSHOT=FILE keeps the screenshot to look at.
    if (const char* keep = std::getenv("PG_HTML_SCREENSHOT")) cv::imwrite(keep, img);

    // Last 7 days (panel #f4f1fb, baseline 280 px down): one bar in each slot of
    // a day at the desk, none on the paused Saturday or the empty Sunday.
    const Chart last7 = find_chart(img, 0xf4, 0xf1, 0xfb, 280, 20);
    ASSERT_GE(last7.top, 0) << "the last-7-days chart is not on the screenshot";
    EXPECT_EQ(last7.bottom - last7.top + 1, 340) << "the whole chart is on the page";
    ASSERT_EQ(last7.bars.size(), 5u);
    std::vector<int> days;
    for (const auto& b : last7.bars) days.push_back(slot_of(b, 7));
    EXPECT_EQ(days, (std::vector<int>{0, 1, 4, 5, 6}));  // Thu, Fri, Mon, Tue, Wed

    // Hour of day (panel #eaf4fc, baseline 200 px down): the five sitting hours.
    const Chart hours = find_chart(img, 0xea, 0xf4, 0xfc, 200, 10);
    ASSERT_GE(hours.top, 0) << "the hour profile is not on the screenshot";
    EXPECT_GT(hours.top, last7.bottom) << "the profile follows the 7 days";
    ASSERT_EQ(hours.bars.size(), 5u);
    std::vector<int> slots;
    for (const auto& b : hours.bars) slots.push_back(slot_of(b, 24));
    EXPECT_EQ(slots, (std::vector<int>{8, 10, 12, 14, 16}));
    // Each bar is green (good) at its foot: the row just above the baseline.
    for (const auto& b : hours.bars) {
        const auto& p = img.at<cv::Vec3b>(hours.top + 198, (b.first + b.second) / 2);
        EXPECT_TRUE(is(p, 0x2e, 0x9e, 0x4f)) << "hour bar at x " << b.first << " is not green";
    }

    // The day's timeline holds the striped paused lunch: dark and light in
    // alternation between 13:00 and 14:00 (13/24 to 14/24 of the strip), where a
    // solid colour would give none.
    const int strip_y = [&] {
        for (int y = 0; y < img.rows; ++y)
            if (is(img.at<cv::Vec3b>(y, kBodyMargin + 3), 0xf1, 0xf3, 0xf5)) return y + 30;
        return -1;
    }();
    ASSERT_GE(strip_y, 0) << "the day timeline is not on the screenshot";
    int changes = 0;
    bool dark = false;
    for (int x = kBodyMargin + static_cast<int>(kChartWidth * 13.1 / 24);
         x < kBodyMargin + static_cast<int>(kChartWidth * 13.9 / 24); ++x) {
        const auto& p = img.at<cv::Vec3b>(strip_y, x);
        const int luma = (p[0] + p[1] + p[2]) / 3;
        if ((dark && luma > 215) || (!dark && luma < 175)) {
            dark = !dark;
            ++changes;
        }
    }
    EXPECT_GE(changes, 4) << "no paused stripes in the timeline at 13:00-14:00";

    // The calendar heat map below: coloured (graded) cells.
    int coloured = 0;
    for (int y = hours.bottom + 1; y < img.rows; ++y)
        for (int x = 0; x < img.cols; ++x) {
            const auto& p = img.at<cv::Vec3b>(y, x);
            coloured += std::max({p[0], p[1], p[2]}) - std::min({p[0], p[1], p[2]}) > 60;
        }
    EXPECT_GT(coloured, 5 * 80 * 80) << "five graded days in the calendar";
}
