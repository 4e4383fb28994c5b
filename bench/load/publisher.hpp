#pragma once

#include "load_options.hpp"
#include "mart_probe.hpp"

#include <cstdint>

namespace pg::load {

struct PublishTotals {
    std::int64_t batches = 0, samples = 0, events = 0, payload_bytes = 0;
    double seconds = 0;  // first publish to last acknowledgement
};

// Replays `devices` simulated devices over `connections` MQTT clients (device i
// on connection i % K; the topic always names the payload's device), batch by
// batch in simulated-time order, each device offset by i/N of a batch interval
// so the load is smooth. Records every publish with `probe` (may be null).
PublishTotals run_publisher(const LoadOptions& o, MartProbe* probe);

}  // namespace pg::load
