// Fault 1: the power is cut while the edge cannot reach its broker, and its
// state files are damaged the ways cards and file systems damage them: a torn
// last record, one with zeros for a tail, a flipped bit in an older payload or
// header, a segment cut short, unreadable bytes where the last record was, and
// damaged stream, baseline and simulation-progress files. After the restart,
// produced = stored + reported lost, with the loss reported where it happened.
#include "fault_fixture.hpp"

#include <functional>

using namespace pg::test;

namespace {

struct Damage {
    std::string name;
    // Damages the state directory; returns the samples the damage costs
    // (known to the test from the records it hit).
    std::function<long long(const std::string& device)> apply;
    long long seq_gaps = 0;         // batches the hub never sees
    bool loss_is_reported = true;   // in the drop counter (else only as a sequence gap)
    std::string log_says;           // the restart's log must name this
};

std::vector<std::uint8_t> junk(std::size_t n) {
    std::vector<std::uint8_t> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(i * 151 + 7);
    return v;
}

class OutboxFaults : public FaultFixture {
protected:
    std::vector<Damage> damages() {
        auto last = [this](const std::string& dev) { return batch_records(segment(dev)).back(); };
        auto nth = [this](const std::string& dev, std::size_t i) { return batch_records(segment(dev)).at(i); };
        return {
            {"torn", [=, this](const std::string& dev) {
                 // Power cut mid-write: the second half of the last batch is junk.
                 const auto r = last(dev);
                 write_bytes(segment(dev), r.offset + r.size / 2, junk(r.size - r.size / 2));
                 return static_cast<long long>(r.samples);
             }, 1, true, "byte "},
            {"zero-tail", [=, this](const std::string& dev) {
                 // Only the first sector of the write reached the card: zeros after it.
                 const auto r = last(dev);
                 write_bytes(segment(dev), r.offset + 60, std::vector<std::uint8_t>(r.size - 60, 0));
                 return static_cast<long long>(r.samples);
             }, 1, true, "torn"},
            {"flipped-payload", [=, this](const std::string& dev) {
                 const auto r = nth(dev, 2);
                 auto bytes = read_bytes(segment(dev));
                 write_bytes(segment(dev), r.offset + r.size - 5, {static_cast<std::uint8_t>(bytes[r.offset + r.size - 5] ^ 0x10)});
                 return static_cast<long long>(r.samples);
             }, 1, true, "batch 3 torn"},
            {"flipped-header", [=, this](const std::string& dev) {
                 const auto r = nth(dev, 4);
                 auto bytes = read_bytes(segment(dev));
                 write_bytes(segment(dev), r.offset + 17, {static_cast<std::uint8_t>(bytes[r.offset + 17] ^ 0x04)});
                 return static_cast<long long>(r.samples);
             }, 1, true, "batches 5-5 unreadable"},
            {"truncated", [=, this](const std::string& dev) {
                 const auto r = last(dev);
                 std::filesystem::resize_file(segment(dev), r.offset + r.size - 30);
                 return static_cast<long long>(r.samples);
             }, 0, true, "bytes long instead of"},
            {"garbage", [=, this](const std::string& dev) {
                 // Not even the header of the last batch is readable.
                 const auto r = last(dev);
                 write_bytes(segment(dev), r.offset, junk(r.size));
                 return static_cast<long long>(r.samples);
             }, 1, false, "unreadable; if it held batch"},
            {"stream-zeroed", [=, this](const std::string& dev) {
                 std::ofstream(state_dir(dev) + "/stream", std::ios::binary) << std::string(11, '\0');
                 return 0LL;
             }, 0, true, "starting a new sequence stream"},
            {"baseline-zeroed", [=, this](const std::string& dev) {
                 const auto f = state_dir(dev) + "/baseline.json";
                 const auto size = std::filesystem::file_size(f);
                 std::ofstream(f, std::ios::binary) << std::string(size, '\0');
                 return 0LL;
             }, 0, true, "ignoring baseline"},
        };
    }
};

}  // namespace

TEST_F(OutboxFaults, TornFlippedTruncatedAndZeroedRecordsLoseNothingSilently) {
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    const std::string source = "sim:quick", cadence = "2s";
    auto reference = run_edge("f1-reference", source, cadence);
    ASSERT_EQ(reference.exit_code, 0) << reference.err;
    const long long produced = summary("f1-reference")["samples"];
    ASSERT_GT(produced, 250);

    const auto all = damages();
    auto dev = [](const Damage& d) { return "f1-" + d.name; };
    // One edge per kind of damage, all offline at once, all cut off when done.
    std::vector<std::unique_ptr<ChildProcess>> edges;
    for (const auto& d : all) edges.push_back(start_offline(dev(d), source, cadence));
    for (std::size_t i = 0; i < all.size(); ++i) cut_power_when_done(*edges[i], dev(all[i]));
    std::vector<long long> lost;
    std::vector<std::size_t> log_before;
    for (const auto& d : all) {
        ASSERT_GE(batch_records(segment(dev(d))).size(), 10u);
        lost.push_back(d.apply(dev(d)));
        log_before.push_back(read_file(edge_log(dev(d))).size());
    }
    // The power is back, and so is the broker.
    edges.clear();
    for (const auto& d : all) edges.push_back(start_edge(dev(d), source, cadence, broker_->address()));
    for (std::size_t i = 0; i < all.size(); ++i) {
        const Damage& d = all[i];
        SCOPED_TRACE(d.name);
        ASSERT_EQ(edges[i]->wait(std::chrono::seconds(120)), 0) << read_file(edge_log(dev(d)));
        const std::string log = read_file(edge_log(dev(d))).substr(log_before[i]);
        EXPECT_NE(log.find(d.log_says), std::string::npos) << log;

        const long long reported = d.loss_is_reported ? lost[i] : 0;
        const long long accounted = produced - lost[i] + reported;
        EXPECT_EQ(wait_accounted(dev(d), accounted, std::chrono::seconds(30)), accounted);
        auto row = device_row(dev(d));
        ASSERT_FALSE(row.is_null());
        // produced = stored + reported lost (a batch whose size nothing recorded
        // any more shows as a sequence gap; the test knows its size).
        EXPECT_EQ(row["samples"].get<long long>() + row["dropped_samples"].get<long long>() +
                      (d.loss_is_reported ? 0 : lost[i]),
                  produced);
        EXPECT_EQ(row["dropped_samples"], reported);
        EXPECT_EQ(row["seq_gaps"], d.seq_gaps);
        EXPECT_EQ(row["dead_letters"], 0);
    }
}

TEST_F(OutboxFaults, ADamagedSimulationProgressIsRefusedNotGuessed) {
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    const std::string dev = "f1-progress";
    run_offline_then_cut(dev, "sim:quick", "2s");
    const std::string file = state_dir(dev) + "/sim-progress";
    const std::string good = read_file(file);
    std::string bad = good;
    bad[bad.find('\n') + 3] ^= 0x01;  // a digit of the last tick
    std::ofstream(file, std::ios::binary) << bad;
    // Resuming at a wrong tick would analyse stored minutes again or skip some.
    auto refused = start_edge(dev, "sim:quick", "2s", broker_->address());
    ASSERT_EQ(refused->wait(std::chrono::seconds(60)), 1);
    EXPECT_NE(read_file(edge_log(dev)).find("sim-progress is damaged"), std::string::npos) << read_file(edge_log(dev));
    EXPECT_EQ(counter(dev, "samples"), 0);  // nothing went out on a guess
    // The outbox kept everything: with the file repaired it all arrives, once.
    std::ofstream(file, std::ios::binary) << good;
    auto again = start_edge(dev, "sim:quick", "2s", broker_->address());
    ASSERT_EQ(again->wait(std::chrono::seconds(60)), 0) << read_file(edge_log(dev));
    auto reference = run_edge("f1-progress-reference", "sim:quick", "2s");
    ASSERT_EQ(reference.exit_code, 0);
    const long long produced = summary("f1-progress-reference")["samples"];
    EXPECT_EQ(wait_stored(dev, produced, std::chrono::seconds(30)), produced);
    EXPECT_EQ(counter(dev, "dropped_samples"), 0);
}
