#pragma once

#include "mart/day_stats.hpp"
#include "store/database.hpp"

#include <cctz/time_zone.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pg::hub {

struct DeviceRef {
    std::int64_t id = 0;
    std::string name;
    std::string tz;
    cctz::time_zone zone;  // loaded from tz (UTC if the stored name no longer loads)
};

// The report's read side: devices and daily_mart rows, never raw samples.
class MartReader {
public:
    explicit MartReader(const Database& db) : db_(db) {}

    std::vector<DeviceRef> devices() const;
    // The device named, or the only one; throws ReportError otherwise (unknown
    // device, or several devices and none named: usage; no devices: no data).
    DeviceRef select_device(const std::optional<std::string>& name) const;

    std::optional<std::string> latest_day(std::int64_t device_id) const;
    // Rows for days in [from, to] ('YYYY-MM-DD', inclusive), keyed by day.
    std::map<std::string, DayStats> days(std::int64_t device_id, const std::string& from, const std::string& to,
                                         bool with_hours = false) const;

private:
    const Database& db_;
};

}  // namespace pg::hub
