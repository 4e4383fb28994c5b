#include "report/html_page.hpp"

#include "mart/grade.hpp"
#include "mart/iso_week.hpp"
#include "report/html_trends.hpp"
#include "report/svg.hpp"
#include "report/text_format.hpp"

#include <algorithm>
#include <sstream>

namespace pg::hub {
namespace {

using svg::kWidth;

constexpr PostureState kLegend[] = {PostureState::good,         PostureState::forward_head, PostureState::slouch,
                                    PostureState::looking_down, PostureState::tilt,         PostureState::away,
                                    PostureState::paused};

std::string legend() {
    std::string out = "<p class=\"legend\">";
    for (auto s : kLegend) {
        const std::string swatch = s == PostureState::paused ? " class=\"paused\"" : " style=\"background:" +
                                                                                          svg::color_of(s) + "\"";
        out += "<span" + swatch + "></span>" + std::string(to_string(s)) + " ";
    }
    return out + "</p>";
}

std::string timeline(const HtmlInput& in) {
    const double span = static_cast<double>(in.day_span.end_ms - in.day_span.begin_ms);
    std::ostringstream os;
    os << svg::open("day-timeline", 110, "#ffffff") << svg::pattern_defs();
    os << svg::rect(0, 10, kWidth, 60, "#f1f3f5");
    for (const auto& m : in.minutes) {
        const double x = static_cast<double>(m.minute_ms - in.day_span.begin_ms) / span * kWidth;
        os << svg::rect(x, 10, std::max(1.0, 60000.0 / span * kWidth), 60, svg::color_of(m.dominant()));
    }
    // Ticks every three hours of elapsed time, labelled in local time: on a DST
    // day the labels show the jump (…, 00:00, 04:00, …) instead of hiding it.
    for (std::int64_t t = in.day_span.begin_ms; t < in.day_span.end_ms; t += 3 * 3600 * 1000LL) {
        const double x = static_cast<double>(t - in.day_span.begin_ms) / span * kWidth;
        os << svg::rect(x, 70, 1, 6, "#495057") << svg::text(x + 2, 92, local_time(t, in.device.zone, "%H:%M"), "start");
    }
    os << "</svg>";
    return os.str();
}

std::string calendar(const HtmlInput& in) {
    const cctz::civil_day first(in.month);
    const cctz::civil_day last = cctz::civil_day(in.month + 1) - 1;
    const cctz::civil_day start = week_monday(first);
    const double cell = 90, gap = 6;
    std::ostringstream os;
    os << "<svg id=\"calendar-heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << 7 * (cell + gap)
       << "\" height=\"" << 30 + 6 * (cell + gap) << "\">";
    for (int i = 0; i < 7; ++i) os << svg::text(i * (cell + gap) + cell / 2, 18, std::string(weekday_short(start + i)));
    for (auto day = start; day <= last; ++day) {
        if (day < first) continue;
        const auto idx = day - start;
        const double x = static_cast<double>(idx % 7) * (cell + gap), y = 30 + static_cast<double>(idx / 7) * (cell + gap);
        auto it = in.days.find(format_day(day));
        const auto grade = it != in.days.end() ? grade_of(it->second) : std::nullopt;
        const bool paused = it != in.days.end() && it->second.has_data() && !it->second.was_monitored();
        os << svg::rect(x, y, cell, cell, grade ? svg::heat(it->second.good_share()) : "#e9ecef",
                        format_day(day) + (grade    ? " good " + format_percent(it->second.good_share())
                                           : paused ? " paused all day"
                                                    : " no data"));
        os << svg::text(x + 8, y + 20, std::to_string(day.day()), "start");
        if (grade) os << svg::text(x + cell / 2, y + cell / 2 + 14, std::string(1, *grade));
    }
    os << "</svg>";
    return os.str();
}

}  // namespace

std::string render_html(const HtmlInput& in) {
    std::ostringstream os;
    const auto grade = grade_of(in.day);
    os << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Posture Guard - "
       << in.device.name << " " << in.day.day << "</title>\n<style>"
       << "body{font-family:sans-serif;margin:24px;color:#212529;background:#fff}svg{display:block}"
       << "svg text{font-size:14px;fill:#343a40}#calendar-heatmap text{font-size:18px}"
       << ".legend span{display:inline-block;width:14px;height:14px;margin:0 4px 0 12px;vertical-align:middle}"
       << ".legend span.paused{background:repeating-linear-gradient(45deg,#868e96 0 2px,#fff 2px 4px)}"
       << "</style></head><body>\n";
    os << "<h1>" << in.device.name << " &mdash; " << in.day.day << " (" << in.device.tz << ")</h1>\n";
    os << "<p>At the desk " << format_hm(in.day.present_ms) << ", good posture "
       << format_percent(in.day.good_share()) << ", grade " << (grade ? std::string(1, *grade) : "&ndash;")
       << ", " << in.day.alerts << " alerts";
    if (in.day.paused_ms() > 0) os << "; paused " << format_hm(in.day.paused_ms()) << " (not monitored)";
    os << ".</p>\n";
    os << "<h2>The day</h2>\n" << timeline(in) << legend() << "\n";
    os << last7_section(in) << "\n";
    os << hour_profile_section(in) << "\n";
    os << "<h2>" << month_name(in.month.month()) << " " << in.month.year() << "</h2>\n" << calendar(in) << "\n";
    os << "<p>" << grade_legend() << "</p>\n</body></html>\n";
    return os.str();
}

}  // namespace pg::hub
