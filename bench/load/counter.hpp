#pragma once

#include "load_options.hpp"

#include <cstdint>

namespace pg::load {

struct CountTotals {
    std::int64_t messages = 0, bytes = 0;
    double seconds = 0;  // first to last message received
};

// The broker-only baseline: subscribes like the hub (same filter, same QoS) and
// only counts, so the broker's own delivery limit shows. With `hand_off` it takes
// pg-hub's MQTT path without the database: each callback waits until a single
// consumer has taken its message (the hub's MessageQueue), which separates what
// acknowledging only after the commit costs from what storing costs; with
// `subscribers` > 1 the connections share one subscription. Prints "ready" once
// every subscription is confirmed; stops at `expect` messages or after `idle_s`
// of silence.
CountTotals run_counter(const LoadOptions& o);

}  // namespace pg::load
