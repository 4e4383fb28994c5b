#pragma once

#include "load_options.hpp"

#include <cstdint>

namespace pg::load {

struct CountTotals {
    std::int64_t messages = 0, bytes = 0;
    double seconds = 0;  // first to last message received
};

// The broker-only baseline: subscribes like the hub (same filter, same QoS) and
// only counts, so the broker's own delivery limit shows. Prints "ready" once the
// subscription is confirmed; stops at `expect` messages or after `idle_s` of silence.
CountTotals run_counter(const LoadOptions& o);

}  // namespace pg::load
