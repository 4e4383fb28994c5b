#pragma once

#include "app/edge_config.hpp"
#include "app/run_stats.hpp"

#include <atomic>

namespace pg {

enum class Speed { real, max };

// Wires source -> tracker -> batcher -> publisher and runs the tick loop until the
// source ends (finite sources: then waits for every acknowledgement) or `stop`.
RunStats run_edge(const EdgeConfig& config, Speed speed, const std::atomic<bool>& stop);

}  // namespace pg
