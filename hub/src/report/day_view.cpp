#include "report/day_view.hpp"

#include "mart/local_day.hpp"
#include "mart/grade.hpp"
#include "report/text_format.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace pg::hub {
namespace {

constexpr std::size_t kBarWidth = 30;

std::string label(PostureState s) {
    std::string out(to_string(s));
    for (char& c : out)
        if (c == '_') c = ' ';
    return out;
}

// The states a person sits in are always listed; the technical ones only when
// they happened, so a normal day stays short.
bool always_shown(PostureState s) { return is_present(s) || s == PostureState::away; }

std::string day_heading(const DeviceRef& device, const std::string& day) {
    const auto d = parse_day(day);
    return device.name + " - " + (d ? std::string(weekday_name(*d)) + " " : std::string()) + day + " (" +
           device.tz + ")";
}

// One line per local hour with anyone present: when in the day posture slips.
std::string hourly_profile(const DayStats& day) {
    std::ostringstream os;
    bool any = false;
    for (int h = 0; h < 24; ++h) {
        const HourStats& hs = day.hours[static_cast<std::size_t>(h)];
        if (hs.present_ms <= 0) continue;
        if (!any) os << "\n  Hour  Present  Good\n";
        any = true;
        const double share = static_cast<double>(hs.good_ms) / static_cast<double>(hs.present_ms);
        char hour[8];
        std::snprintf(hour, sizeof hour, "%02d", h);
        os << "  " << hour << "  " << pad_left(format_hm(hs.present_ms), 8) << pad_left(format_percent(share), 6)
           << "  " << bar(share, 20) << "\n";
    }
    return os.str();
}

}  // namespace

std::string render_day(const DeviceRef& device, const DayStats& day, bool color) {
    std::ostringstream os;
    const auto grade = grade_of(day);
    os << day_heading(device, day.day) << "\n\n";
    os << "  Monitored   " << format_hm(day.monitored_ms);
    if (day.was_monitored())
        os << "  (" << local_time(day.first_monitored_ms, device.zone, "%H:%M") << "-"
           << local_time(day.last_monitored_ms, device.zone, "%H:%M") << ")";
    os << "\n";
    // Paused time is not monitored: shown on its own so a short day explains itself.
    if (day.paused_ms() > 0)
        os << "  Paused      " << format_hm(day.paused_ms()) << "  (monitoring paused or outside the schedule)\n";
    os << "  Present     " << format_hm(day.present_ms) << "\n";
    os << "  Avg score   " << (day.score_n ? std::to_string(std::lround(day.avg_score())) : std::string(kMissing));
    if (day.p10 && day.p50 && day.p90) os << "  (p10 " << *day.p10 << ", p50 " << *day.p50 << ", p90 " << *day.p90 << ")";
    os << "\n";
    os << "  Alerts      " << day.alerts << "  (snoozes " << day.snoozes << ", calibrations " << day.calibrations
       << ")\n";
    os << "  Good streak " << format_hm(day.longest_good_ms) << " (longest run of good posture)\n";
    os << "  Sitting     " << day.sessions << " session" << (day.sessions == 1 ? "" : "s") << ", longest "
       << format_hm(day.longest_sitting_ms) << "; " << day.breaks << " break" << (day.breaks == 1 ? "" : "s");
    if (day.breaks) os << " (" << format_hm(day.break_ms) << ")";
    os << "\n";
    os << "  Grade       " << colored_grade(grade, color);
    if (grade) os << "  (good posture " << format_percent(day.good_share()) << " of present time)";
    os << "\n\n";

    for (int i = 0; i < kPostureStateCount; ++i) {
        const auto s = static_cast<PostureState>(i);
        const std::int64_t ms = day.ms(s);
        if (!is_monitored(s) || (ms == 0 && !always_shown(s))) continue;  // shares of monitored time
        const double share =
            day.monitored_ms ? static_cast<double>(ms) / static_cast<double>(day.monitored_ms) : 0.0;
        os << "  " << pad_right(label(s), 14) << pad_left(format_hm(ms), 8) << pad_left(format_percent(share), 6)
           << "  " << bar(share, kBarWidth) << "\n";
    }
    os << hourly_profile(day);
    os << "\n  " << grade_legend() << "\n";
    return os.str();
}

nlohmann::json day_json(const DeviceRef& device, const DayStats& day) {
    nlohmann::json states = nlohmann::json::object();
    for (int i = 0; i < kPostureStateCount; ++i) {
        const auto s = static_cast<PostureState>(i);
        states[std::string(to_string(s))] = day.ms(s);
    }
    const auto d = parse_day(day.day);
    const auto grade = grade_of(day);
    const auto opt = [](std::optional<int> v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    nlohmann::json hours = nlohmann::json::array();
    for (int h = 0; h < 24; ++h) {
        const HourStats& hs = day.hours[static_cast<std::size_t>(h)];
        if (hs.present_ms <= 0) continue;
        hours.push_back({{"hour", h},
                         {"present_ms", hs.present_ms},
                         {"good_ms", hs.good_ms},
                         {"avg_score", hs.score_n ? nlohmann::json(static_cast<double>(hs.score_sum) /
                                                                   static_cast<double>(hs.score_n))
                                                  : nlohmann::json(nullptr)}});
    }
    return {
        {"device", device.name},
        {"timezone", device.tz},
        {"date", day.day},
        {"weekday", d ? std::string(weekday_name(*d)) : std::string()},
        {"monitored_ms", day.monitored_ms},
        {"present_ms", day.present_ms},
        {"paused_ms", day.paused_ms()},
        {"state_ms", states},
        {"good_share", day.good_share()},
        {"avg_score", day.score_n ? nlohmann::json(day.avg_score()) : nlohmann::json(nullptr)},
        {"alerts", day.alerts},
        {"grade", grade ? nlohmann::json(std::string(1, *grade)) : nlohmann::json(nullptr)},
        {"score_p10", opt(day.p10)},
        {"score_p50", opt(day.p50)},
        {"score_p90", opt(day.p90)},
        {"snoozes", day.snoozes},
        {"calibrations", day.calibrations},
        {"longest_good_ms", day.longest_good_ms},
        {"sessions", day.sessions},
        {"longest_sitting_ms", day.longest_sitting_ms},
        {"breaks", day.breaks},
        {"break_ms", day.break_ms},
        {"hours", hours},
        {"first_sample", iso8601(day.first_sample_ms, device.zone)},
        {"last_sample", iso8601(day.last_sample_ms, device.zone)},
        {"first_monitored", day.was_monitored() ? nlohmann::json(iso8601(day.first_monitored_ms, device.zone))
                                                : nlohmann::json(nullptr)},
        {"last_monitored", day.was_monitored() ? nlohmann::json(iso8601(day.last_monitored_ms, device.zone))
                                               : nlohmann::json(nullptr)},
    };
}

}  // namespace pg::hub
