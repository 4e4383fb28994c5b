#include "report/html_page.hpp"

#include "mart/grade.hpp"
#include "report/text_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace pg::hub {
namespace {

constexpr double kWidth = 1100;
constexpr PostureState kStacked[] = {PostureState::good,         PostureState::forward_head, PostureState::slouch,
                                     PostureState::looking_down, PostureState::tilt,         PostureState::away};

const char* color_of(PostureState s) {
    switch (s) {
    case PostureState::good: return "#2e9e4f";
    case PostureState::forward_head: return "#e8a317";
    case PostureState::slouch: return "#d9480f";
    case PostureState::looking_down: return "#9c36b5";
    case PostureState::tilt: return "#1c7ed6";
    case PostureState::away: return "#adb5bd";
    default: return "#495057";
    }
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string rect(double x, double y, double w, double h, const std::string& fill, const std::string& title = {}) {
    std::string out = "<rect x=\"" + num(x) + "\" y=\"" + num(y) + "\" width=\"" + num(w) + "\" height=\"" + num(h) +
                      "\" fill=\"" + fill + "\">";
    if (!title.empty()) out += "<title>" + title + "</title>";
    return out + "</rect>";
}

std::string text(double x, double y, const std::string& t, const char* anchor = "middle") {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\">" + t + "</text>";
}

std::string legend() {
    std::string out = "<p class=\"legend\">";
    for (auto s : kStacked)
        out += std::string("<span style=\"background:") + color_of(s) + "\"></span>" + std::string(to_string(s)) + " ";
    return out + "</p>";
}

std::string timeline(const HtmlInput& in) {
    const double span = static_cast<double>(in.day_span.end_ms - in.day_span.begin_ms);
    std::ostringstream os;
    os << "<svg id=\"day-timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth
       << "\" height=\"110\" viewBox=\"0 0 " << kWidth << " 110\">";
    os << rect(0, 10, kWidth, 60, "#f1f3f5");
    for (const auto& m : in.minutes) {
        const double x = static_cast<double>(m.minute_ms - in.day_span.begin_ms) / span * kWidth;
        os << rect(x, 10, std::max(1.0, 60000.0 / span * kWidth), 60, color_of(m.dominant()));
    }
    // Ticks every three hours of elapsed time, labelled in local time: on a DST
    // day the labels show the jump (…, 00:00, 04:00, …) instead of hiding it.
    for (std::int64_t t = in.day_span.begin_ms; t < in.day_span.end_ms; t += 3 * 3600 * 1000LL) {
        const double x = static_cast<double>(t - in.day_span.begin_ms) / span * kWidth;
        os << rect(x, 70, 1, 6, "#495057") << text(x + 2, 92, local_time(t, in.device.zone, "%H:%M"), "start");
    }
    os << "</svg>";
    return os.str();
}

std::string week_bars(const HtmlInput& in) {
    std::int64_t max_ms = 3600 * 1000;
    for (int i = 0; i < 7; ++i) {
        auto it = in.days.find(format_day(in.week_first + i));
        if (it != in.days.end()) max_ms = std::max(max_ms, it->second.monitored_ms);
    }
    const double top = 20, height = 260, slot = kWidth / 7;
    std::ostringstream os;
    os << "<svg id=\"week-bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth
       << "\" height=\"320\" viewBox=\"0 0 " << kWidth << " 320\">";
    for (int i = 0; i < 7; ++i) {
        const auto day = in.week_first + i;
        const double x = slot * i + slot * 0.2;
        double y = top + height;
        auto it = in.days.find(format_day(day));
        if (it != in.days.end()) {
            for (auto s : kStacked) {
                const double h = static_cast<double>(it->second.ms(s)) / static_cast<double>(max_ms) * height;
                if (h <= 0) continue;
                y -= h;
                os << rect(x, y, slot * 0.6, h, color_of(s),
                           std::string(to_string(s)) + " " + format_hm(it->second.ms(s)));
            }
        }
        os << text(slot * i + slot / 2, top + height + 25,
                   std::string(weekday_short(day)) + " " + format_day(day).substr(5));
    }
    os << "</svg>";
    return os.str();
}

// Red (0 % good) through yellow to green (100 %): the calendar's heat.
std::string heat(double share) {
    const double s = std::clamp(share, 0.0, 1.0);
    const int r = static_cast<int>(std::lround(s < 0.5 ? 220 : 220 - (s - 0.5) * 2 * 174));
    const int g = static_cast<int>(std::lround(s < 0.5 ? 60 + s * 2 * 140 : 200 - (s - 0.5) * 2 * 42));
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, 70);
    return buf;
}

std::string calendar(const HtmlInput& in) {
    const cctz::civil_day first(in.month);
    const cctz::civil_day last = cctz::civil_day(in.month + 1) - 1;
    const cctz::civil_day start = week_monday(first);
    const double cell = 90, gap = 6;
    std::ostringstream os;
    os << "<svg id=\"calendar-heatmap\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << 7 * (cell + gap)
       << "\" height=\"" << 30 + 6 * (cell + gap) << "\">";
    for (int i = 0; i < 7; ++i) os << text(i * (cell + gap) + cell / 2, 18, std::string(weekday_short(start + i)));
    for (auto day = start; day <= last; ++day) {
        if (day < first) continue;
        const auto idx = day - start;
        const double x = static_cast<double>(idx % 7) * (cell + gap), y = 30 + static_cast<double>(idx / 7) * (cell + gap);
        auto it = in.days.find(format_day(day));
        const auto grade = it != in.days.end() ? grade_of(it->second) : std::nullopt;
        os << rect(x, y, cell, cell, grade ? heat(it->second.good_share()) : "#e9ecef",
                   format_day(day) + (grade ? " good " + format_percent(it->second.good_share()) : " no data"));
        os << text(x + 8, y + 20, std::to_string(day.day()), "start");
        if (grade) os << text(x + cell / 2, y + cell / 2 + 14, std::string(1, *grade));
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
       << "body{font-family:sans-serif;margin:24px;color:#212529;background:#fff}"
       << "svg text{font-size:14px;fill:#343a40}#calendar-heatmap text{font-size:18px}"
       << ".legend span{display:inline-block;width:14px;height:14px;margin:0 4px 0 12px;vertical-align:middle}"
       << "</style></head><body>\n";
    os << "<h1>" << in.device.name << " &mdash; " << in.day.day << " (" << in.device.tz << ")</h1>\n";
    os << "<p>At the desk " << format_hm(in.day.present_ms) << ", good posture "
       << format_percent(in.day.good_share()) << ", grade " << (grade ? std::string(1, *grade) : "&ndash;")
       << ", " << in.day.alerts << " alerts.</p>\n";
    os << "<h2>The day</h2>\n" << timeline(in) << legend() << "\n";
    os << "<h2>Week " << week_key(in.week_first) << "</h2>\n" << week_bars(in) << "\n";
    os << "<h2>" << month_name(in.month.month()) << " " << in.month.year() << "</h2>\n" << calendar(in) << "\n";
    os << "<p>" << grade_legend() << "</p>\n</body></html>\n";
    return os.str();
}

}  // namespace pg::hub
