#pragma once

#include "mart/day_stats.hpp"
#include "mart/tiers.hpp"
#include "report/mart_reader.hpp"

#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace pg::hub {

struct DeviceDays {
    DeviceRef device;
    std::map<std::string, DayStats> days;
};

// The daily marts as data: one CSV line or JSON object per device-day. Times are
// in seconds; the CSV header names every column. Stable for scripts: new
// columns are appended (paused_s: time not monitored, not part of monitored_s).
void write_export_csv(std::ostream& os, const std::vector<DeviceDays>& rows, const Progress& progress = {});
void write_export_json(std::ostream& os, const std::vector<DeviceDays>& rows, const Progress& progress = {});

}  // namespace pg::hub
