#pragma once

#include "mart/day_rows.hpp"
#include "store/database.hpp"

#include <cctz/civil_time.h>

#include <cstdint>

namespace pg::hub {

// Keeps weekly_mart (one row per device and ISO week) equal to the sum of its
// daily_mart rows; called for every week whose days were refreshed.
class WeeklyMart {
public:
    explicit WeeklyMart(Database& db);
    void refresh(std::int64_t device_id, const cctz::civil_day& monday);

private:
    DayRows days_;
    Statement upsert_;
    Statement erase_;
};

}  // namespace pg::hub
