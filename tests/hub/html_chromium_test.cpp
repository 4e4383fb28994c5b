// The HTML page rendered by a real browser: headless Chromium takes a
// screenshot, and the PNG must show the charts. Skips where chromium is absent.
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

class HtmlPage : public test::TempDirTest {
protected:
    void SetUp() override {
        TempDirTest::SetUp();
        auto db = open_hub_database(path("hub.db"));
        Ingestor ingestor(db, "postureguard");
        std::uint64_t seq = 0;
        for (int day = 23; day <= 27; ++day)
            for (int hour = 8; hour < 17; hour += 2) {
                auto states = concat({repeat(PostureState::good, 40 + 10 * (day % 3)),
                                      repeat(PostureState::forward_head, 20), repeat(PostureState::slouch, 15),
                                      repeat(PostureState::away, 10)});
                const std::vector<IncomingMessage> m{message_for(make_batch(
                    "desk-1", ++seq, local_ms(cctz::civil_second(2026, 3, day, hour, 0, 0), "Europe/Berlin"), states,
                    "Europe/Berlin", 30000))};
                ASSERT_TRUE(ingestor.ingest(m).has_value());
            }
    }
};

}  // namespace

TEST_F(HtmlPage, ContainsTheThreeChartsAndRendersInChromium) {
    const auto html = path("report.html");
    {
        auto db = open_report_database(path("hub.db"));
        const ReportScope scope{std::nullopt, false, false};
        EXPECT_EQ(report_html(db, scope, std::string("2026-03-25"), html.string()).exit_code, 0);
    }
    const std::string page = read(html);
    for (const char* id : {"<svg id=\"day-timeline\"", "<svg id=\"week-bars\"", "<svg id=\"calendar-heatmap\""})
        EXPECT_NE(page.find(id), std::string::npos) << id;
    EXPECT_EQ(page.find("<script"), std::string::npos) << "self-contained, no scripts";
    EXPECT_EQ(page.find("http://www.w3.org/2000/svg\" width") != std::string::npos, true);

    const std::string chromium = find_chromium();
    if (chromium.empty()) GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
    const auto png = path("page.png");
    const auto profile = path("chromium-profile");
    const std::string cmd = chromium +
                            " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                            "--disable-background-networking --disable-component-update --disable-sync "
                            "--user-data-dir=" + profile.string() + " --screenshot=" + png.string() +
                            " --window-size=1200,1600 file://" + html.string() + " >" + path("chromium.log").string() +
                            " 2>&1";
    const int rc = std::system(cmd.c_str());
    ASSERT_EQ(rc, 0) << cmd << "\n" << read(path("chromium.log"));
    ASSERT_TRUE(std::filesystem::exists(png)) << read(path("chromium.log"));
    EXPECT_GT(std::filesystem::file_size(png), 10000u);

    const cv::Mat img = cv::imread(png.string(), cv::IMREAD_COLOR);
    ASSERT_FALSE(img.empty());
    EXPECT_EQ(img.cols, 1200);
    EXPECT_EQ(img.rows, 1600);
    cv::Scalar mean, stddev;
    cv::meanStdDev(img, mean, stddev);
    EXPECT_GT(stddev[0] + stddev[1] + stddev[2], 30.0) << "a blank page";
    // Each chart region holds coloured (non-grey) pixels: the timeline near the
    // top, the week bars below it, the calendar heat map further down.
    const auto coloured = [&](int y0, int y1) {
        int n = 0;
        for (int y = y0; y < std::min(y1, img.rows); ++y)
            for (int x = 0; x < img.cols; ++x) {
                const auto& p = img.at<cv::Vec3b>(y, x);
                const int hi = std::max({p[0], p[1], p[2]}), lo = std::min({p[0], p[1], p[2]});
                if (hi - lo > 60) ++n;
            }
        return n;
    };
    EXPECT_GT(coloured(120, 260), 2000) << "day timeline";
    EXPECT_GT(coloured(260, 700), 5000) << "week bars";
    EXPECT_GT(coloured(700, 1600), 20000) << "calendar heat map";
    cv::imwrite(path("checked.png").string(), img);
}
