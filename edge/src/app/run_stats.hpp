#pragma once

#include <cstdint>
#include <string>

namespace pg {

// The counters `pg-edge --summary FILE` writes at exit (DESIGN.md contract).
struct RunStats {
    std::uint64_t frames = 0;
    std::uint64_t samples = 0;
    std::uint64_t batches = 0;
    std::uint64_t acked_batches = 0;
    std::uint64_t dropped_samples = 0;
    std::uint64_t bytes = 0;
    std::uint64_t outbox_depth = 0;  // batches still waiting on disk at exit
    bool interrupted = false;
};

std::string to_json(const RunStats& s);
void write_summary(const std::string& path, const RunStats& s);

}  // namespace pg
