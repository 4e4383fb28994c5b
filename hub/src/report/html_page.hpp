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

// What the page shows: one day, the ISO week around it, the month around it.
struct HtmlInput {
    DeviceRef device;
    DayStats day;
    TimeSpan day_span;                  // the local day in absolute time (23, 24 or 25 h)
    std::vector<MinuteRollup> minutes;  // the day's warm tier, for the timeline
    cctz::civil_day week_first;         // a Monday
    cctz::civil_month month;
    std::map<std::string, DayStats> days;  // covers the week and the month
};

// One self-contained HTML page (no scripts, no external files) with three inline
// SVG charts: id="day-timeline", id="week-bars", id="calendar-heatmap".
std::string render_html(const HtmlInput& in);

}  // namespace pg::hub
