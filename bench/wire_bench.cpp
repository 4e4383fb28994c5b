// Wire cost of one batch: 10 s of samples at the default 600 ms cadence, encoded
// as wire format v1 (CBOR), against the same samples as one JSON object each.
// Run: build/bench/wire_bench   (counters: bytes_per_sample, json_bytes_per_sample)
#include "pg/batch_codec.hpp"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <random>

namespace {

// A realistic 10 s: mostly steady good posture with sensor jitter, one state change.
pg::Batch realistic_batch(int seconds, int cadence_ms, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> jitter(-4, 4), wobble(-1, 1);
    pg::Batch b;
    b.device = "desk-01";
    b.stream = 0x9e3779b9U;
    b.seq = 123456;
    b.tz = "Europe/Berlin";
    b.cadence_ms = static_cast<std::uint32_t>(cadence_ms);
    b.t0_ms = 1'795'000'000'000;
    int n = seconds * 1000 / cadence_ms;
    int width = 103, drop = 4, score = 91;
    for (int i = 0; i < n; ++i) {
        pg::Sample s;
        s.t_ms = b.t0_ms + static_cast<std::int64_t>(i) * cadence_ms + (i ? jitter(rng) : 0);
        s.state = i < n * 3 / 4 ? pg::PostureState::good : pg::PostureState::forward_head;
        width += wobble(rng);
        drop += wobble(rng);
        score = std::clamp(score + wobble(rng), 0, 100);
        s.width_c = static_cast<std::int16_t>(width + (s.state == pg::PostureState::forward_head ? 9 : 0));
        s.drop_c = static_cast<std::int16_t>(drop);
        s.score = static_cast<std::uint8_t>(score);
        b.samples.push_back(s);
    }
    return b;
}

std::string json_sample(const pg::Batch& b, const pg::Sample& s) {
    nlohmann::json j{{"device", b.device}, {"t", s.t_ms}, {"state", pg::to_string(s.state)},
                     {"score", s.score}, {"width_ratio", s.width_c / 100.0}, {"drop", s.drop_c / 100.0},
                     {"pitch", s.pitch_deg}, {"roll", s.roll_deg}};
    return j.dump();
}

void BM_EncodeBatch(benchmark::State& state) {
    auto b = realistic_batch(static_cast<int>(state.range(0)), 600, 1);
    std::size_t bytes = 0;
    for (auto _ : state) {
        auto out = pg::encode_batch(b);
        bytes = out.size();
        benchmark::DoNotOptimize(out);
    }
    double json_total = 0;
    for (const auto& s : b.samples) json_total += static_cast<double>(json_sample(b, s).size());
    const double n = static_cast<double>(b.samples.size());
    state.counters["samples"] = n;
    state.counters["batch_bytes"] = static_cast<double>(bytes);
    state.counters["bytes_per_sample"] = static_cast<double>(bytes) / n;
    state.counters["json_bytes_per_sample"] = json_total / n;
    state.counters["samples_per_s"] = benchmark::Counter(n, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_EncodeBatch)->Arg(10)->Arg(60);

void BM_DecodeBatch(benchmark::State& state) {
    auto bytes = pg::encode_batch(realistic_batch(static_cast<int>(state.range(0)), 600, 1));
    std::size_t n = 0;
    for (auto _ : state) {
        auto r = pg::decode_batch(bytes);
        n = std::get<pg::Batch>(r).samples.size();
        benchmark::DoNotOptimize(r);
    }
    state.counters["samples_per_s"] =
        benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_DecodeBatch)->Arg(10)->Arg(60);

}  // namespace

BENCHMARK_MAIN();
