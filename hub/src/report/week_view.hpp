#pragma once

#include "mart/day_stats.hpp"
#include "mart/week_stats.hpp"
#include "report/mart_reader.hpp"

#include <cctz/civil_time.h>
#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace pg::hub {

// Seven consecutive days from `first`, one row each ("–" where there is no data),
// and an average row over the days with data. `title` names the range, e.g.
// "week 2026-W13" or "last 7 days". Posture shares are of present time, like the grade.
// `before` holds the seven days before `first`: the trend line compares with them.
std::string render_week(const DeviceRef& device, const std::string& title, const cctz::civil_day& first,
                        const std::map<std::string, DayStats>& days, const std::map<std::string, DayStats>& before,
                        bool color);
// "Trend vs 2026-03-16 to 2026-03-22: good posture -2 pts, score -1, at the desk
// -47s a day", or why there is no trend (nothing in one of the two ranges).
std::string trend_text(const WeekStats& now, const WeekStats& before);
nlohmann::json week_json(const DeviceRef& device, const std::string& title, const cctz::civil_day& first,
                         const std::map<std::string, DayStats>& days, const std::map<std::string, DayStats>& before);

}  // namespace pg::hub
