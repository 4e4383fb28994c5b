#pragma once

#include "mart/local_day.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pg::hub {

struct DayStats;

// Keeps daily_mart in step with samples, incrementally: ingest marks the
// device-days it touched, refresh() recomputes exactly those and forgets them.
// Runs inside the caller's transaction, so a mart never disagrees with its samples.
class DailyMart {
public:
    explicit DailyMart(Database& db);

    void mark_dirty(std::int64_t device_id, const std::string& day);
    // Recomputes every dirty device-day; returns how many were recomputed.
    int refresh();

    // The day as the samples say it is (no write); for refresh() and for tests.
    DayStats compute(std::int64_t device_id, const LocalCalendar& cal, const cctz::civil_day& day);

private:
    void store(std::int64_t device_id, const DayStats& d);

    Statement mark_;
    Statement dirty_list_;
    Statement clear_dirty_;
    Statement by_state_;
    Statement alerts_;
    Statement upsert_;
    Statement erase_;
};

}  // namespace pg::hub
