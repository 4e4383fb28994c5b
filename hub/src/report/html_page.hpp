#pragma once

#include "mart/day_stats.hpp"
#include "mart/local_day.hpp"
#include "mart/minute_rollup.hpp"
#include "report/mart_reader.hpp"

#include <cctz/civil_time.h>

#include <map>
#include <string>
#include <vector>

namespace pg::hub {

// What the page shows: one day, the seven days ending at `last7_first + 6` with
// the seven before them (for the trend), and the month around the day.
struct HtmlInput {
    DeviceRef device;
    DayStats day;
    TimeSpan day_span;                  // the local day in absolute time (23, 24 or 25 h)
    std::vector<MinuteRollup> minutes;  // the day's warm tier, for the timeline
    cctz::civil_day last7_first;        // the first of the seven days
    cctz::civil_month month;
    std::map<std::string, DayStats> days;  // with hours; covers the 14 days and the month
};

// One self-contained HTML page (no scripts, no external files) with four inline
// SVG charts: id="day-timeline", id="last7-bars", id="hour-profile",
// id="calendar-heatmap".
std::string render_html(const HtmlInput& in);

}  // namespace pg::hub
