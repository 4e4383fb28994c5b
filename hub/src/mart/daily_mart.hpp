#pragma once

#include "mart/local_day.hpp"
#include "mart/rollup_store.hpp"
#include "mart/weekly_mart.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pg::hub {

struct DayStats;

// Keeps the warm and cold tiers in step with samples, incrementally: ingest
// marks the minutes and device-days it touched; refresh() rolls up exactly those
// minutes, recomputes those days from their rollups, then their ISO weeks.
// Runs inside the caller's transaction, so a mart never disagrees with its samples.
// Minutes and days before a device's prune horizon are frozen: their samples
// are gone, so recomputing them would lose data.
class DailyMart {
public:
    explicit DailyMart(Database& db);

    // The caller holds the device (Database::lock_device), as ingest does.
    void mark_dirty(std::int64_t device_id, const std::string& day);
    void mark_minute(std::int64_t device_id, std::int64_t minute_ms);
    // Recomputes every dirty minute, device-day and week of each device this
    // transaction can hold (all of them on SQLite); returns the number of days.
    int refresh();

    // The day as its rollups and events say it is (no write); for refresh, rebuild and tests.
    DayStats compute(std::int64_t device_id, const LocalCalendar& cal, const cctz::civil_day& day);
    // Writes (or, without data, deletes) the day's daily_mart and hourly_mart rows.
    void store(std::int64_t device_id, const DayStats& d);
    RollupStore& rollups() { return rollups_; }
    WeeklyMart& weeks() { return weeks_; }

private:
    void refresh_minutes(std::int64_t device_id);
    int refresh_device(std::int64_t device_id);

    RollupStore rollups_;
    WeeklyMart weeks_;
    Database& db_;
    Statement mark_;
    Statement mark_minute_;
    Statement dirty_devices_;
    Statement dirty_minutes_;
    Statement clear_minutes_;
    Statement dirty_list_;
    Statement clear_dirty_;
    Statement events_;
    Statement upsert_;
    Statement erase_;
    Statement erase_hours_;
    Statement insert_hour_;
};

}  // namespace pg::hub
