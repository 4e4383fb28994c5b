#pragma once

#include "mart/day_stats.hpp"
#include "mart/minute_rollup.hpp"

#include <cctz/time_zone.h>

#include <cstdint>
#include <span>
#include <string>

namespace pg::hub {

// A gap of at least this long without anyone present ends a sitting session:
// shorter ones (fetching a coffee, a phone call) are part of the session.
inline constexpr std::int64_t kBreakMs = 5 * 60 * 1000;

struct EventCounts {
    std::int64_t alerts = 0;
    std::int64_t snoozes = 0;
    std::int64_t calibrations = 0;  // successful ones
};

// The daily mart of one local day from its minute rollups (in time order) and
// event counts; no I/O. `tz` places minutes in local hours.
DayStats build_day(const std::string& day, std::span<const MinuteRollup> minutes, const cctz::time_zone& tz,
                   const EventCounts& events);

// Nearest-rank percentile (p in 1..100) of a score histogram; nullopt if empty.
std::optional<int> percentile(const std::array<std::int64_t, 256>& histogram, std::int64_t n, int p);

}  // namespace pg::hub
