#pragma once

#include "mart/iso_week.hpp"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pg::hub {

// Shown wherever a value is missing (a day without data).
inline constexpr std::string_view kMissing = "–";

// "6h 12m", "45m", "30s", "0m": what a person wants to read for a day's time.
std::string format_hm(std::int64_t ms);
// "74%" (rounded to whole percent).
std::string format_percent(double share);
// Padding by code points, so "–" (three bytes) lines up like one character.
std::string pad_left(std::string_view s, std::size_t width);
std::string pad_right(std::string_view s, std::size_t width);
// A bar of `width` cells filled in proportion to share (0..1).
std::string bar(double share, std::size_t width);

std::string_view weekday_name(const cctz::civil_day& d);        // "Monday"
std::string_view weekday_short(const cctz::civil_day& d);       // "Mon"
std::string_view month_name(int month);                         // 1 = "January"

// Local wall time of a Unix-ms instant, strftime-like cctz format.
std::string local_time(std::int64_t t_ms, const cctz::time_zone& tz, const char* fmt);
// ISO 8601 with the zone's offset: "2026-03-29T08:02:11+02:00".
std::string iso8601(std::int64_t t_ms, const cctz::time_zone& tz);

// ANSI colour for the grade letter; plain when colour is off.
std::string colored_grade(std::optional<char> grade, bool color);

}  // namespace pg::hub

namespace pg::hub {
// A grade right-aligned in `width` columns; the colour codes do not count as width.
std::string grade_cell(std::optional<char> grade, std::size_t width, bool color);
}  // namespace pg::hub
