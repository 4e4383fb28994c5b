#include "mart/tiers.hpp"

#include "mart/day_stats.hpp"
#include "mart/iso_week.hpp"
#include "pg/log.hpp"
#include "store/sample_blocks.hpp"

#include <set>
#include <vector>

namespace pg::hub {
namespace {

struct DeviceZone {
    std::int64_t id;
    LocalCalendar cal;
    std::int64_t pruned_before_ms;
};

std::vector<DeviceZone> device_zones(const Database& db) {
    std::vector<DeviceZone> out;
    auto st = db.prepare("SELECT id, tz, pruned_before_ms FROM devices ORDER BY id");
    auto c = st.bind();
    while (c.next()) {
        const auto zone = load_zone(c.text(1));
        if (!zone) throw StoreError("device " + std::to_string(c.int64(0)) + " has an unknown zone '" + c.text(1) + "'");
        out.push_back({c.int64(0), LocalCalendar(*zone), c.int64(2)});
    }
    return out;
}

Transaction begin(Database& db) {
    auto txn = db.begin_immediate();
    if (!txn) throw StoreError("database " + db.name() + " is locked by another writer");
    return std::move(*txn);
}

void commit(Database& db, Transaction& txn) {
    if (!txn.commit()) throw StoreError("database " + db.name() + " is locked by another writer");
}

// Every device this transaction works on, held in id order (as ingest holds
// them), so hubs sharing a PostgreSQL database never deadlock over them and no
// other hub refreshes their marts meanwhile.
std::vector<DeviceZone> lock_all(Database& db) {
    auto devices = device_zones(db);
    for (const auto& d : devices) db.lock_device(d.id, true);
    return devices;
}

}  // namespace

TierMaintenance::TierMaintenance(Database& db) : db_(db), mart_(db) {}

PruneResult TierMaintenance::prune(std::int64_t now_ms, int hot_days) {
    PruneResult r;
    auto txn = begin(db_);
    const auto devices = lock_all(db_);
    mart_.refresh();  // nothing dirty may lose its samples before it is rolled up
    SampleBlocks blocks(db_);
    auto mark = db_.prepare("UPDATE devices SET pruned_before_ms = ?2 WHERE id = ?1");
    for (const auto& d : devices) {
        const std::int64_t horizon = d.cal.span_of(d.cal.day_of(now_ms) - hot_days).begin_ms;
        if (horizon <= d.pruned_before_ms) continue;
        r.samples_deleted += blocks.erase_before(d.id, horizon);
        mark.run(d.id, horizon);
        ++r.devices;
    }
    commit(db_, txn);
    return r;
}

std::int64_t TierMaintenance::rebuild(bool from_samples, const Progress& progress) {
    auto txn = begin(db_);
    const auto devices = lock_all(db_);
    mart_.refresh();
    auto range = db_.prepare("SELECT min(minute_ms), max(minute_ms) FROM minute_rollup WHERE device_id = ?1");
    SampleBlocks samples(db_);
    struct Work {
        const DeviceZone* device;
        cctz::civil_day first, last;
    };
    std::vector<Work> work;
    std::int64_t total = 0;
    for (const auto& d : devices) {
        if (from_samples) {
            if (const auto kept = samples.time_range(d.id, d.pruned_before_ms))
                mart_.rollups().recompute(d.id, std::max(minute_of(kept->first), d.pruned_before_ms),
                                          minute_of(kept->second) + kMinuteMs);
        }
        auto c = range.bind(d.id);
        if (!c.next() || c.is_null(0)) continue;
        // Days before the horizon are rebuilt too when their rollups are complete:
        // the horizon is a local midnight, so a day is either wholly kept or wholly rolled up.
        Work w{&d, d.cal.day_of(c.int64(0)), d.cal.day_of(c.int64(1))};
        total += (w.last - w.first) + 1;
        work.push_back(w);
    }
    std::int64_t done = 0, rebuilt = 0;
    for (const auto& w : work) {
        std::set<cctz::civil_day> weeks;
        for (auto day = w.first; day <= w.last; ++day) {
            const DayStats s = mart_.compute(w.device->id, w.device->cal, day);
            // No rollups that day: keep whatever cold row exists (it may predate the rollups).
            if (s.has_data()) {
                mart_.store(w.device->id, s);
                weeks.insert(week_monday(day));
                ++rebuilt;
            }
            if (progress) progress(++done, total);
        }
        for (const auto& monday : weeks) mart_.weeks().refresh(w.device->id, monday);
    }
    commit(db_, txn);
    return rebuilt;
}

bool TierMaintenance::rollover(std::int64_t now_ms) {
    bool changed = false;
    auto txn = begin(db_);
    for (const auto& d : lock_all(db_)) {
        const std::string today = format_day(d.cal.day_of(now_ms));
        auto [it, fresh] = today_.try_emplace(d.id, today);
        if (fresh || it->second == today) continue;
        mart_.mark_dirty(d.id, it->second);
        it->second = today;
        changed = true;
    }
    if (changed) mart_.refresh();
    commit(db_, txn);
    return changed;
}

void TierMaintenance::look_after(std::int64_t now_ms, int hot_days, bool prune_now) {
    try {
        const bool new_day = rollover(now_ms);
        if (!prune_now && !new_day) return;
        const auto r = prune(now_ms, hot_days);
        if (r.samples_deleted > 0)
            log::info("hub", "pruned ", r.samples_deleted, " samples older than ", hot_days, " days");
    } catch (const StoreError& e) {
        // Only "locked by another writer" gets here in practice: try at the next tick.
        log::warn("hub", "maintenance postponed: ", e.what());
    }
}

}  // namespace pg::hub
