// Writes the fuzzer's seed corpus: valid batches of several shapes plus the
// classic near-misses (truncated, future version, wrong types), each prefixed
// with the topic-selector byte the fuzz target reads first.
#include "pg/batch_codec.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace {

void write(const std::filesystem::path& dir, const std::string& name, std::uint8_t selector,
           const std::vector<std::uint8_t>& bytes) {
    std::ofstream out(dir / name, std::ios::binary);
    out.put(static_cast<char>(selector));
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

pg::Batch batch(int n, bool events) {
    pg::Batch b;
    b.device = "fuzz-dev";
    b.stream = 7;
    b.seq = 3;
    b.t0_ms = 1'795'000'000'000;
    b.tz = "Europe/Berlin";
    for (int i = 0; i < n; ++i) {
        pg::Sample s;
        s.t_ms = b.t0_ms + i * 600;
        s.state = static_cast<pg::PostureState>(i % pg::kPostureStateCount);
        s.score = static_cast<std::uint8_t>(50 + i % 50);
        s.width_c = static_cast<std::int16_t>(100 + i % 20);
        s.drop_c = static_cast<std::int16_t>(i % 40 - 20);
        s.pitch_deg = static_cast<std::int16_t>(i % 7);
        b.samples.push_back(s);
    }
    if (events) b.events = {{b.t0_ms, pg::EventType::alert, 2}, {b.t0_ms + 100, pg::EventType::snooze, 15}};
    return b;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    std::filesystem::path dir(argv[1]);
    std::filesystem::create_directories(dir);
    auto good = pg::encode_batch(batch(17, true));
    write(dir, "valid-17", 0, good);
    write(dir, "valid-empty", 1, pg::encode_batch(batch(0, false)));
    write(dir, "valid-100", 0, pg::encode_batch(batch(100, false)));
    write(dir, "truncated", 0, {good.begin(), good.begin() + static_cast<long>(good.size() / 2)});
    auto top = nlohmann::json::from_cbor(good);
    auto v2 = top;
    v2[0] = 2;
    write(dir, "future-version", 0, nlohmann::json::to_cbor(v2));
    auto wrong = top;
    wrong[1] = 42;
    write(dir, "wrong-type", 0, nlohmann::json::to_cbor(wrong));
    write(dir, "other-topic", 3, good);
    write(dir, "mismatch", 1, good);
    // A paused device: one run of the last state, metric columns at their start values.
    auto paused = batch(0, false);
    for (int i = 0; i < 16; ++i) {
        pg::Sample s;
        s.t_ms = paused.t0_ms + i * 600;
        s.state = pg::PostureState::paused;
        s.width_c = 100;
        paused.samples.push_back(s);
    }
    write(dir, "valid-paused", 0, pg::encode_batch(paused));
    // The first state number wire format v1 does not have.
    auto past_end = nlohmann::json::from_cbor(pg::encode_batch(paused));
    past_end[10] = {pg::kPostureStateCount, 16};
    write(dir, "state-past-end", 0, nlohmann::json::to_cbor(past_end));
    return 0;
}
