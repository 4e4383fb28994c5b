#pragma once

#include "mart/daily_mart.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <functional>
#include <map>

namespace pg::hub {

inline constexpr int kDefaultHotDays = 30;

// Called with (done, total) while long work runs; the CLI draws progress on a TTY.
using Progress = std::function<void(std::int64_t done, std::int64_t total)>;

struct PruneResult {
    std::int64_t samples_deleted = 0;
    int devices = 0;  // whose horizon moved
};

// The tiers' housekeeping (DESIGN.md "Tiers"): pruning the hot tier, a full
// rebuild of the marts, and day rollover. Each call is one transaction.
class TierMaintenance {
public:
    explicit TierMaintenance(Database& db);

    // Deletes raw samples older than the local midnight `hot_days` days before
    // today (in each device's zone), after refreshing whatever was dirty so the
    // rollups hold them. Marts and rollups are never touched.
    PruneResult prune(std::int64_t now_ms, int hot_days);

    // Recomputes every daily, hourly and weekly mart row from the minute rollups;
    // with from_samples, first every rollup from the samples still kept. Days
    // before a prune horizon keep their rows. Returns the device-days rebuilt.
    std::int64_t rebuild(bool from_samples, const Progress& progress = {});

    // At a device's local midnight the ended day gets its final refresh. Returns
    // true when some device's day changed since the last call (the hub then prunes).
    bool rollover(std::int64_t now_ms);
    // The hub's daily care: the rollover, then a prune when a day ended or
    // `prune_now`. A busy database only postpones it (logged); never throws.
    void look_after(std::int64_t now_ms, int hot_days, bool prune_now);

private:
    Database& db_;
    DailyMart mart_;
    std::map<std::int64_t, std::string> today_;  // device -> its local day at the last rollover()
};

}  // namespace pg::hub
