// Hub marts (issue 6): incremental refresh after one 10 s batch, refresh of one
// full device-day, and a full rebuild of 100 devices x 30 days. Real SQLite files
// in /tmp, WAL, the hub's own code paths.
#include "mart/daily_mart.hpp"
#include "mart/local_day.hpp"
#include "mart/minute_rollup.hpp"
#include "mart/tiers.hpp"
#include "store/sample_blocks.hpp"
#include "store/schema.hpp"

#include "bench_files.hpp"

#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

using namespace pg;
using namespace pg::hub;

namespace {

constexpr std::int64_t kDay0 = 1773129600000;  // 2026-03-10T08:00:00Z
constexpr int kCadence = 600;
constexpr int kDaySamples = 48000;  // 8 h at 600 ms

PostureState state_at(int i) {
    static constexpr PostureState kCycle[] = {PostureState::good, PostureState::good,         PostureState::good,
                                              PostureState::forward_head, PostureState::slouch, PostureState::away};
    return kCycle[(i / 50) % 6];  // 30 s stretches of each
}

struct SampleWriter {
    explicit SampleWriter(Database& db) : blocks(db), mart(db) {}
    // Stores samples [from, to) of the synthetic day in 10 s blocks and marks them
    // dirty, like ingest.
    void add(std::int64_t device, int from, int to) {
        std::vector<Sample> batch;
        for (int i = from; i < to; ++i) {
            const std::int64_t t = kDay0 + static_cast<std::int64_t>(i) * kCadence;
            Sample s;
            s.t_ms = t;
            s.state = state_at(i);
            s.score = static_cast<std::uint8_t>(60 + (i * 7) % 40);
            s.width_c = 100;
            batch.push_back(s);
            mart.mark_minute(device, minute_of(t));
            if (batch.size() == 10000 / kCadence || i + 1 == to) {
                blocks.add(device, batch, kCadence);
                batch.clear();
            }
        }
        mart.mark_dirty(device, "2026-03-10");
    }
    SampleBlocks blocks;
    DailyMart mart;
};

Database device_db(const std::string& name) {
    auto db = open_hub_database(pg::bench::fresh_db_file(name));
    db.exec("INSERT INTO devices (id, name, tz, first_seen_ms, last_seen_ms) VALUES (1, 'desk-1', 'Europe/Berlin', "
            "0, 0)");
    return db;
}

void BM_IncrementalRefreshAfterOne10sBatch(benchmark::State& state) {
    auto db = device_db("incremental.db");
    SampleWriter w(db);
    const int batch = 10000 / kCadence;  // 16 samples
    {
        auto txn = db.begin_immediate();
        w.add(1, 0, kDaySamples / 2);  // half a day already stored and refreshed
        w.mart.refresh();
        (void)txn->commit();
    }
    int next = kDaySamples / 2;
    for (auto _ : state) {
        state.PauseTiming();
        auto txn = db.begin_immediate();
        w.add(1, next, next + batch);
        next += batch;
        state.ResumeTiming();
        benchmark::DoNotOptimize(w.mart.refresh());
        state.PauseTiming();
        (void)txn->commit();
        state.ResumeTiming();
    }
}
BENCHMARK(BM_IncrementalRefreshAfterOne10sBatch)->Unit(benchmark::kMillisecond)->Iterations(500);

void BM_RefreshFullDeviceDay(benchmark::State& state) {
    auto db = device_db("full_day.db");
    SampleWriter w(db);
    {
        auto txn = db.begin_immediate();
        w.add(1, 0, kDaySamples);
        w.mart.refresh();
        (void)txn->commit();
    }
    // Every minute of the day has a rollup after the first refresh: mark them all.
    auto mark_all = db.prepare("INSERT OR IGNORE INTO dirty_minutes SELECT device_id, minute_ms FROM minute_rollup");
    for (auto _ : state) {
        state.PauseTiming();
        auto txn = db.begin_immediate();
        mark_all.run();
        w.mart.mark_dirty(1, "2026-03-10");
        state.ResumeTiming();
        benchmark::DoNotOptimize(w.mart.refresh());
        state.PauseTiming();
        (void)txn->commit();
        state.ResumeTiming();
    }
    state.counters["samples"] = kDaySamples;
}
BENCHMARK(BM_RefreshFullDeviceDay)->Unit(benchmark::kMillisecond)->Iterations(20);

// 100 devices x 30 days x 8 h of minute rollups (1.44 M rows, 100 scores each):
// the warm tier a full rebuild recomputes every daily, hourly and weekly mart from.
void BM_FullRebuild100Devices30Days(benchmark::State& state) {
    auto db = open_hub_database(pg::bench::fresh_db_file("rebuild.db"));
    {
        auto txn = db.begin_immediate();
        auto dev = db.prepare("INSERT INTO devices (id, name, tz, first_seen_ms, last_seen_ms) VALUES (?1, ?2, ?3, 0, 0)");
        RollupStore rollups(db);
        std::vector<RawSample> minute(100);
        for (int d = 1; d <= 100; ++d) {
            dev.run(d, "desk-" + std::to_string(d), d % 2 ? "Europe/Berlin" : "Asia/Seoul");
            for (int day = 0; day < 30; ++day)
                for (int m = 0; m < 480; ++m) {
                    const std::int64_t t0 = kDay0 + day * 86400000LL + m * 60000LL;
                    for (int i = 0; i < 100; ++i)
                        minute[static_cast<std::size_t>(i)] = {t0 + i * kCadence, state_at(m * 100 + i + d),
                                                               60 + (i * 7 + m) % 40, kCadence};
                    rollups.write(d, roll_up(t0, minute));
                }
        }
        (void)txn->commit();
    }
    TierMaintenance tiers(db);
    for (auto _ : state) benchmark::DoNotOptimize(tiers.rebuild(false));
    state.counters["device_days"] = 3000;
}
BENCHMARK(BM_FullRebuild100Devices30Days)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
