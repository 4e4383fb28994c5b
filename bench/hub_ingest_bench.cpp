// Hub ingest: cost of storing one 10 s batch (16 samples) when k batches share
// a transaction, on each store engine. SQLite: a real file in /tmp, WAL, the
// hub's own Ingestor. PostgreSQL: Debian's PostgreSQL 15 started for the run on
// a loopback port (tests/support/postgres_server.hpp), fsync off unless
// PG_BENCH_FSYNC=1. Batches from the load generator's simulated devices, so the
// codec, validation and inserts see realistic shapes.
#include "ingest/ingestor.hpp"
#include "load/traffic.hpp"
#include "pg/batch_codec.hpp"
#include "store/schema.hpp"

#include "bench_files.hpp"
#ifdef PG_BENCH_POSTGRESQL
#include "postgres_server.hpp"
#endif

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <memory>

using namespace pg;
using namespace pg::hub;

namespace {

constexpr std::int64_t kStart = 1773100800000;  // 2026-03-10T00:00:00Z
constexpr int kDevices = 200;

// Messages round-robin over the devices, each device's batches consecutive.
class Traffic {
public:
    Traffic() {
        for (int i = 0; i < kDevices; ++i)
            devices_.emplace_back("load-" + std::to_string(i), 1, static_cast<std::uint32_t>(i + 1));
    }
    IncomingMessage next() {
        auto& d = devices_[static_cast<std::size_t>(turn_ % kDevices)];
        const std::int64_t t0 = kStart + (turn_ / kDevices) * 10000;
        ++turn_;
        return {"postureguard/" + d.id() + "/batch", encode_batch(d.next_batch(t0, 10000, 600)), t0 + 10000};
    }

private:
    std::vector<load::SimDevice> devices_;
    std::int64_t turn_ = 0;
};

void run_ingest(benchmark::State& state, Database& db) {
    Ingestor ingestor(db, "postureguard");
    Traffic traffic;
    const auto k = static_cast<std::size_t>(state.range(0));
    std::vector<IncomingMessage> group(k);
    std::int64_t samples = 0;
    for (auto _ : state) {
        state.PauseTiming();
        for (auto& m : group) m = traffic.next();
        state.ResumeTiming();
        const auto s = ingestor.ingest(group, false);
        if (!s || s->batches != static_cast<std::int64_t>(k)) {
            state.SkipWithError("ingest refused the traffic");
            break;
        }
        samples += s->samples;
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(k));
    state.counters["samples_per_s"] = benchmark::Counter(static_cast<double>(samples), benchmark::Counter::kIsRate);
}
void BM_IngestBatchesPerTransaction(benchmark::State& state) {
    auto db = open_hub_database(pg::bench::fresh_db_file("ingest.db"));
    run_ingest(state, db);
}
BENCHMARK(BM_IngestBatchesPerTransaction)->Arg(1)->Arg(8)->Arg(64)->Arg(500)->Unit(benchmark::kMicrosecond)->UseRealTime();

#ifdef PG_BENCH_POSTGRESQL
// One server for the whole run, a fresh database per benchmark.
pg::test::PostgresServer& server() {
    static std::unique_ptr<pg::test::PostgresServer> s = [] {
        const char* fsync = std::getenv("PG_BENCH_FSYNC");
        return std::make_unique<pg::test::PostgresServer>(fsync && *fsync == '1');
    }();
    return *s;
}

void BM_IngestBatchesPerTransactionPostgres(benchmark::State& state) {
    if (!pg::test::PostgresServer::available()) {
        state.SkipWithError("the PostgreSQL server (Debian package postgresql) is not installed");
        return;
    }
    auto db = open_hub_database(StoreLocation{{}, server().create_database("ingest")});
    run_ingest(state, db);
}
BENCHMARK(BM_IngestBatchesPerTransactionPostgres)->Arg(1)->Arg(8)->Arg(64)->Arg(500)->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
#endif

}  // namespace

BENCHMARK_MAIN();
