// Hub ingest (issue 8): CPU cost of storing one 10 s batch (16 samples) when k
// batches share a transaction. Real SQLite file in /tmp, WAL, the hub's own
// Ingestor; batches from the load generator's simulated devices, so the codec,
// validation and inserts see realistic shapes.
#include "ingest/ingestor.hpp"
#include "load/traffic.hpp"
#include "pg/batch_codec.hpp"
#include "store/schema.hpp"

#include "bench_files.hpp"

#include <benchmark/benchmark.h>

#include <filesystem>

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

void BM_IngestBatchesPerTransaction(benchmark::State& state) {
    auto db = open_hub_database(pg::bench::fresh_db_file("ingest.db"));
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
BENCHMARK(BM_IngestBatchesPerTransaction)->Arg(1)->Arg(8)->Arg(64)->Arg(500)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
