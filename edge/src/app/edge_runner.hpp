#pragma once

#include "app/edge_config.hpp"
#include "app/run_stats.hpp"

#include <atomic>
#include <functional>
#include <string>

namespace pg {

enum class Speed { real, max };

struct RunOptions {
    Speed speed = Speed::real;
    std::string trace_file;  // --trace: one CSV row per tick (TickTrace); empty: none
    bool local_socket = true;  // serve <state_dir>/control.sock for pg-edge status, pause, ...
    // SIGHUP: reads the config files again (throws ConfigError); empty: only the baseline is reloaded.
    std::function<EdgeConfig()> reload;
};

// Wires source -> tracker -> batcher -> publisher and runs the tick loop until the
// source ends (finite sources: then waits for every acknowledgement) or `stop`.
RunStats run_edge(const EdgeConfig& config, const RunOptions& options, const std::atomic<bool>& stop);

}  // namespace pg
