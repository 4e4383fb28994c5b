#pragma once

#include "pg/batch.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace pg {

class SequenceStore;

// Collects a few seconds of samples and events into one Batch.
class Batcher {
public:
    Batcher(std::string device, std::string zone, std::chrono::milliseconds cadence,
            std::chrono::milliseconds interval, SequenceStore& sequence);

    void add(const Sample& sample);
    void add(const Event& event);
    // A batch is due once it spans the interval (in the samples' own time).
    bool due(std::int64_t now_ms) const;
    bool empty() const { return batch_.samples.empty() && batch_.events.empty(); }
    // Samples lost before reaching a batch; reported in the next one.
    void note_dropped(std::uint32_t n) { dropped_ += n; }
    void set_clock_synced(bool synced) { clock_synced_ = synced; }

    // Hands out the batch with its sequence number; nullopt when empty.
    std::optional<Batch> take();
    // A batch without samples, numbered like any other: it carries a drop
    // counter when no samples are coming (the source ended).
    Batch take_empty(std::int64_t t0_ms);

private:
    Batch fresh() const;

    std::string device_;
    std::string tz_;
    std::chrono::milliseconds cadence_;
    std::chrono::milliseconds interval_;
    SequenceStore& sequence_;
    Batch batch_;
    std::uint32_t dropped_ = 0;
    bool clock_synced_ = true;
};

}  // namespace pg
