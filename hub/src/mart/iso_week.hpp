#pragma once

#include <cctz/civil_time.h>

#include <optional>
#include <string>
#include <string_view>

namespace pg::hub {

// Monday = 0 ... Sunday = 6 (ISO 8601 order).
int weekday_index(const cctz::civil_day& d);
// ISO 8601 week number and its year (the year of the week's Thursday).
int iso_week(const cctz::civil_day& d, int* iso_year = nullptr);
// The Monday of the ISO week that holds `d`.
cctz::civil_day week_monday(const cctz::civil_day& d);
// "2026-W13": the key weekly marts are stored and typed under.
std::string week_key(const cctz::civil_day& d);
// The Monday of ISO week "YYYY-Www", or nullopt if there is no such week.
std::optional<cctz::civil_day> parse_iso_week(std::string_view text);

}  // namespace pg::hub
