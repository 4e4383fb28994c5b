#pragma once

#include "mart/day_stats.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <map>
#include <string>

namespace pg::hub {

// Reads daily_mart (and hourly_mart) rows back into DayStats; shared by the
// weekly mart and the report.
class DayRows {
public:
    explicit DayRows(const Database& db);

    // Days in [from, to] ('YYYY-MM-DD', inclusive), keyed by day; with_hours also
    // fills the hourly profile.
    std::map<std::string, DayStats> load(std::int64_t device_id, const std::string& from, const std::string& to,
                                         bool with_hours = false);

private:
    Statement days_;
    Statement hours_;
};

}  // namespace pg::hub
