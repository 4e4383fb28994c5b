#pragma once

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pg {

// Wall-clock times of the device's zone turned into instants, DST-correct: a
// time the clock skips (02:30 on a spring-forward night) is the moment the clock
// jumps past it; a time it shows twice (an autumn night) is its first showing.
class LocalZone {
public:
    // Throws ConfigError naming device.timezone when the zone is unknown.
    explicit LocalZone(const std::string& name);

    // The instant (Unix ms) when the wall clock of `day` shows `minute` (0..1440).
    std::int64_t instant(const cctz::civil_day& day, int minute) const;
    // The local day and minute of the day at `t_ms`.
    cctz::civil_day day_of(std::int64_t t_ms) const;
    int minute_of(std::int64_t t_ms) const;
    // The first instant after `t_ms` at which the clock shows `minute` ("until 17:30").
    std::int64_t next_time_of_day(std::int64_t t_ms, int minute) const;
    // The next local midnight after `t_ms`.
    std::int64_t next_midnight(std::int64_t t_ms) const;

private:
    cctz::time_zone tz_;
};

// "HH:MM" (00:00-23:59; "24:00" too when `allow_24`) -> minutes of the day.
std::optional<int> parse_hhmm(std::string_view text, bool allow_24 = false);

}  // namespace pg
