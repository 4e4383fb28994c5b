#pragma once

#include "mart/day_stats.hpp"

#include <optional>
#include <string_view>

namespace pg::hub {

// A day's grade is the share of present time (at the desk, posture judged) spent
// in good posture: A >= 85 %, B >= 70 %, C >= 55 %, D >= 40 %, F below.
// Time away does not count against the user; a day with no present time has no
// grade. The thresholds are the same ones the legend prints.
inline constexpr double kGradeA = 0.85;
inline constexpr double kGradeB = 0.70;
inline constexpr double kGradeC = 0.55;
inline constexpr double kGradeD = 0.40;

char grade_for_share(double good_share);
std::optional<char> grade_of(const DayStats& d);
// The legend line the calendar and the day view print.
std::string_view grade_legend();

}  // namespace pg::hub
