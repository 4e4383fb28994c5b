#include "app/batcher.hpp"

#include "app/sequence_store.hpp"

#include <algorithm>

namespace pg {

Batcher::Batcher(std::string device, std::string zone, std::chrono::milliseconds cadence,
                 std::chrono::milliseconds interval, SequenceStore& sequence)
    : device_(std::move(device)), tz_(std::move(zone)), cadence_(cadence),
      // A batch holds at least one tick, however coarse the cadence.
      interval_(std::max(interval, cadence)), sequence_(sequence), batch_(fresh()) {}

Batch Batcher::fresh() const {
    Batch b;
    b.device = device_;
    b.tz = tz_;
    b.stream = sequence_.stream();
    b.cadence_ms = static_cast<std::uint32_t>(cadence_.count());
    return b;
}

void Batcher::add(const Sample& sample) {
    if (batch_.samples.empty() && batch_.events.empty()) batch_.t0_ms = sample.t_ms;
    if (batch_.samples.empty()) batch_.t0_ms = std::min(batch_.t0_ms, sample.t_ms);
    batch_.samples.push_back(sample);
}

void Batcher::add(const Event& event) {
    if (empty()) batch_.t0_ms = event.t_ms;
    batch_.events.push_back(event);
}

bool Batcher::due(std::int64_t now_ms) const {
    if (empty()) return false;
    return now_ms - batch_.t0_ms + cadence_.count() >= interval_.count();
}

std::optional<Batch> Batcher::take() {
    if (empty()) return std::nullopt;
    Batch out = std::move(batch_);
    // The wire format anchors sample times at t0: it must be the first sample's.
    if (!out.samples.empty()) out.t0_ms = out.samples.front().t_ms;
    out.seq = sequence_.take();
    out.dropped_samples = dropped_;
    out.clock_synced = clock_synced_;
    dropped_ = 0;
    batch_ = fresh();
    return out;
}

Batch Batcher::take_empty(std::int64_t t0_ms) {
    Batch out = fresh();
    out.t0_ms = t0_ms;
    out.seq = sequence_.take();
    out.dropped_samples = dropped_;
    out.clock_synced = clock_synced_;
    dropped_ = 0;
    return out;
}

}  // namespace pg
