#pragma once

#include "mart/day_stats.hpp"
#include "report/mart_reader.hpp"

#include <map>
#include <string>

namespace pg::hub {

// A month grid like `cal`: ISO weeks as rows (week number first), Monday to
// Sunday as columns, each day followed by its grade letter; no letter where
// there is no data. Grades are coloured only when `color` is on.
std::string render_calendar(const DeviceRef& device, int year, int month,
                            const std::map<std::string, DayStats>& days, bool color);

}  // namespace pg::hub
