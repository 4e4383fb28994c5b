#include "mart/local_day.hpp"

#include <chrono>
#include <cstdio>

namespace pg::hub {
namespace {

using Ms = std::chrono::milliseconds;
using TimePointMs = std::chrono::time_point<std::chrono::system_clock, Ms>;

bool plain_zone_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.find("..") != std::string_view::npos)
        return false;
    for (char c : name) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
                        c == '_' || c == '-' || c == '+';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

std::optional<cctz::time_zone> load_zone(std::string_view name) {
    if (!plain_zone_name(name)) return std::nullopt;
    cctz::time_zone tz;
    if (!cctz::load_time_zone(std::string(name), &tz)) return std::nullopt;
    return tz;
}

cctz::civil_day LocalCalendar::day_of(std::int64_t t_ms) const {
    return cctz::civil_day(cctz::convert(TimePointMs(Ms(t_ms)), tz_));
}

TimeSpan LocalCalendar::span_of(const cctz::civil_day& day) const {
    const auto to_ms = [this](const cctz::civil_day& d) {
        return std::chrono::duration_cast<Ms>(cctz::convert(cctz::civil_second(d), tz_).time_since_epoch()).count();
    };
    return {to_ms(day), to_ms(day + 1)};
}

const cctz::civil_day& DayTracker::day_of(std::int64_t t_ms) {
    if (!span_.contains(t_ms)) {
        day_ = cal_.day_of(t_ms);
        span_ = cal_.span_of(day_);
    }
    return day_;
}

std::string format_day(const cctz::civil_day& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(d.year()), d.month(), d.day());
    return buf;
}

std::optional<cctz::civil_day> parse_day(std::string_view text) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (text.size() != 10 || std::sscanf(std::string(text).c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return std::nullopt;
    const cctz::civil_day day(y, m, d);
    // civil_day normalises 2026-02-30 to March 2nd: a round trip catches it.
    if (day.year() != y || day.month() != m || day.day() != d) return std::nullopt;
    return day;
}

}  // namespace pg::hub
