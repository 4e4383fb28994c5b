#pragma once

#include "mart/day_stats.hpp"
#include "report/mart_reader.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace pg::hub {

// One day of one device, for people: times and shares per state, score, alerts,
// grade and a bar per state. Shares are of monitored time.
std::string render_day(const DeviceRef& device, const DayStats& day, bool color);
// The same day for scripts; times in ms, shares 0..1.
nlohmann::json day_json(const DeviceRef& device, const DayStats& day);

}  // namespace pg::hub
