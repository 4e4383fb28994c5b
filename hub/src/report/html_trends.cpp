#include "report/html_trends.hpp"

#include "mart/grade.hpp"
#include "mart/week_stats.hpp"
#include "report/svg.hpp"
#include "report/text_format.hpp"
#include "report/week_view.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace pg::hub {
namespace {

using svg::kWidth;

constexpr PostureState kStacked[] = {PostureState::good,         PostureState::forward_head, PostureState::slouch,
                                     PostureState::looking_down, PostureState::tilt,         PostureState::away};
// A bar is never thinner than this, so a short day or hour stays visible.
constexpr double kMinBar = 4;

const DayStats* find_day(const HtmlInput& in, const cctz::civil_day& day) {
    auto it = in.days.find(format_day(day));
    return it == in.days.end() ? nullptr : &it->second;
}

std::string score_text(const DayStats& d) {
    return d.score_n ? std::to_string(std::lround(d.avg_score())) : std::string(kMissing);
}

std::string summary(const HtmlInput& in) {
    const WeekStats now = summarize_week(in.last7_first, in.days);
    const WeekStats before = summarize_week(in.last7_first - 7, in.days);
    std::ostringstream os;
    os << "<p class=\"summary\">";
    if (now.days_with_data == 0) {
        os << "Nothing was monitored in these 7 days.";
    } else {
        const auto g = grade_of(now.total);
        os << "Average of " << now.days_with_data << " day" << (now.days_with_data == 1 ? "" : "s")
           << " with data: at the desk " << format_hm(now.per_day(now.total.present_ms)) << " a day, good posture "
           << format_percent(now.total.good_share()) << ", score " << score_text(now.total) << ", grade "
           << (g ? std::string(1, *g) : "&ndash;") << ".<br>" << trend_text(now, before) << ".";
    }
    if (now.total.paused_ms() > 0) os << "<br>Paused " << format_hm(now.total.paused_ms()) << " (not monitored).";
    return os.str() + "</p>";
}

}  // namespace

std::string last7_section(const HtmlInput& in) {
    const cctz::civil_day last = in.last7_first + 6;
    std::int64_t max_ms = 3600 * 1000;
    for (int i = 0; i < 7; ++i)
        if (const DayStats* d = find_day(in, in.last7_first + i)) max_ms = std::max(max_ms, d->monitored_ms);
    const double top = 40, height = 240, base = top + height, slot = kWidth / 7;
    std::ostringstream os;
    os << "<h2>Last 7 days: " << format_day(in.last7_first) << " to " << format_day(last) << "</h2>\n";
    os << svg::open("last7-bars", 340, "#f4f1fb");
    for (int i = 0; i < 7; ++i) {
        const auto day = in.last7_first + i;
        const double x = slot * i + slot * 0.2, w = slot * 0.6, mid = slot * i + slot / 2;
        const DayStats* d = find_day(in, day);
        if (d && d->was_monitored()) {
            double total = 0;
            for (auto s : kStacked) total += static_cast<double>(d->ms(s)) / static_cast<double>(max_ms) * height;
            const double scale = total > 0 && total < kMinBar ? kMinBar / total : 1.0;
            double y = base;
            os << "<g class=\"day-bar\" data-day=\"" << format_day(day) << "\">";
            for (auto s : kStacked) {
                const double h = static_cast<double>(d->ms(s)) / static_cast<double>(max_ms) * height * scale;
                if (h <= 0) continue;
                y -= h;
                os << svg::rect(x, y, w, h, svg::color_of(s), std::string(to_string(s)) + " " + format_hm(d->ms(s)));
            }
            os << "</g>" << svg::text(mid, y - 8, score_text(*d), "middle", "day-score");
        } else if (d && d->has_data()) {
            os << svg::text(mid, base - 8, "paused", "middle", "day-paused");
        }
        const auto g = d ? grade_of(*d) : std::nullopt;
        os << svg::text(mid, base + 25, std::string(weekday_short(day)) + " " + format_day(day).substr(5));
        os << svg::text(mid, base + 45, g ? std::string(1, *g) : std::string(kMissing), "middle", "day-grade");
    }
    os << "</svg>\n" << summary(in);
    return os.str();
}

std::string hour_profile_section(const HtmlInput& in) {
    std::array<HourStats, 24> hours{};
    for (int i = 0; i < 7; ++i)
        if (const DayStats* d = find_day(in, in.last7_first + i))
            for (std::size_t h = 0; h < 24; ++h) {
                hours[h].present_ms += d->hours[h].present_ms;
                hours[h].good_ms += d->hours[h].good_ms;
            }
    std::int64_t max_ms = 1;
    for (const auto& h : hours) max_ms = std::max(max_ms, h.present_ms);
    const double top = 30, height = 170, base = top + height, slot = kWidth / 24;
    const auto share = [](const HourStats& h) {
        return static_cast<double>(h.good_ms) / static_cast<double>(h.present_ms);
    };
    std::ostringstream os;
    os << "<h2>Hour of day, last 7 days</h2>\n" << svg::open("hour-profile", 240, "#eaf4fc");
    for (int h = 0; h < 24; ++h) {
        const HourStats& hs = hours[static_cast<std::size_t>(h)];
        const double x = slot * h + slot * 0.2, w = slot * 0.6, mid = slot * h + slot / 2;
        char label[8];
        std::snprintf(label, sizeof label, "%02d", h);
        os << svg::text(mid, base + 22, label);
        if (hs.present_ms <= 0) continue;
        const double bar = std::max(kMinBar, static_cast<double>(hs.present_ms) / static_cast<double>(max_ms) * height);
        const double good = bar * share(hs);
        const std::string title = std::string(label) + ":00 at the desk " + format_hm(hs.present_ms) + ", good " +
                                  format_percent(share(hs));
        os << "<g class=\"hour-bar\" data-hour=\"" << h << "\">"
           << svg::rect(x, base - bar, w, bar - good, svg::color_of(PostureState::forward_head), title)
           << svg::rect(x, base - good, w, good, svg::color_of(PostureState::good), title) << "</g>"
           << svg::text(mid, base - bar - 6, format_percent(share(hs)), "middle", "hour-share");
    }
    os << "</svg>\n<p class=\"summary\">";
    // The hour where posture slips most, among hours with a real sitting in
    // them (10 minutes over the week), so one odd minute does not win.
    int worst = -1;
    for (int pass = 0; pass < 2 && worst < 0; ++pass)
        for (int h = 0; h < 24; ++h) {
            const HourStats& hs = hours[static_cast<std::size_t>(h)];
            if (hs.present_ms <= 0 || (pass == 0 && hs.present_ms < 10 * 60 * 1000)) continue;
            if (worst < 0 || share(hs) < share(hours[static_cast<std::size_t>(worst)])) worst = h;
        }
    if (worst < 0) {
        os << "Nobody sat at the desk in these 7 days.";
    } else {
        const HourStats& hs = hours[static_cast<std::size_t>(worst)];
        char range[32];
        std::snprintf(range, sizeof range, "%02d:00-%02d:00", worst, (worst + 1) % 24);
        os << "Posture slips most at " << range << ": good " << format_percent(share(hs)) << " of "
           << format_hm(hs.present_ms) << " at the desk. Green: good posture, orange: not good.";
    }
    return os.str() + "</p>";
}

}  // namespace pg::hub
