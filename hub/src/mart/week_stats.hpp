#pragma once

#include "mart/day_stats.hpp"

#include <cctz/civil_time.h>

#include <map>
#include <optional>
#include <string>

namespace pg::hub {

// Seven days summed: the weekly mart row, and the rolling last-7-days view.
struct WeekStats {
    cctz::civil_day first;  // the first of the seven days
    int days_with_data = 0;  // days with monitored time
    // Times, counts, scores summed over the days with data (paused time over
    // all seven); longest_* are maxima.
    DayStats total;
    std::optional<std::string> best_day;   // highest good share of present time
    std::optional<std::string> worst_day;  // lowest; both only among graded days

    std::int64_t per_day(std::int64_t v) const { return days_with_data ? v / days_with_data : 0; }
};

// Summarises the seven days from `first` found in `days` (keyed 'YYYY-MM-DD').
WeekStats summarize_week(const cctz::civil_day& first, const std::map<std::string, DayStats>& days);

}  // namespace pg::hub
