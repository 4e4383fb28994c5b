#pragma once

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pg::hub {

// Loads an IANA zone by name. Refuses names that are not plain zone names
// ("/etc/passwd", "../x"): cctz would otherwise read them as file paths.
std::optional<cctz::time_zone> load_zone(std::string_view name);

// Half-open range of Unix milliseconds.
struct TimeSpan {
    std::int64_t begin_ms = 0;
    std::int64_t end_ms = 0;
    bool contains(std::int64_t t) const { return t >= begin_ms && t < end_ms; }
};

// Local calendar days of one zone. Boundaries come from converting local
// midnight to absolute time with cctz, so a DST day is 23 or 25 hours long and a
// zone that skips midnight starts its day at the transition.
class LocalCalendar {
public:
    explicit LocalCalendar(cctz::time_zone tz) : tz_(tz) {}

    cctz::civil_day day_of(std::int64_t t_ms) const;
    TimeSpan span_of(const cctz::civil_day& day) const;
    const cctz::time_zone& zone() const { return tz_; }

private:
    cctz::time_zone tz_;
};

// Finds the day of increasing times cheaply: cctz is asked only when a time
// leaves the span of the last day found, i.e. about once per day per batch.
class DayTracker {
public:
    explicit DayTracker(const LocalCalendar& cal) : cal_(cal) {}
    const cctz::civil_day& day_of(std::int64_t t_ms);

private:
    const LocalCalendar& cal_;
    cctz::civil_day day_;
    TimeSpan span_{0, 0};
};

// 'YYYY-MM-DD', the form days are stored and typed in.
std::string format_day(const cctz::civil_day& d);
std::optional<cctz::civil_day> parse_day(std::string_view text);

}  // namespace pg::hub
