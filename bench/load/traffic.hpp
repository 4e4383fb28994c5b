#pragma once

#include "pg/batch.hpp"

#include <cstdint>
#include <random>
#include <string>

namespace pg::load {

// One simulated device: a plausible posture day (mostly good, runs of forward
// head and slouch, an away stretch, the odd alert) so the codec and the marts see
// the same shapes as from a real desk, not a constant that compresses to nothing.
class SimDevice {
public:
    SimDevice(std::string id, std::uint32_t stream, std::uint32_t seed);
    // The batch covering [start_ms, start_ms + span_ms) at `cadence_ms`.
    Batch next_batch(std::int64_t start_ms, std::int64_t span_ms, std::uint32_t cadence_ms);
    const std::string& id() const { return id_; }

private:
    std::string id_;
    std::uint32_t stream_;
    std::uint64_t seq_ = 0;
    std::mt19937 rng_;
    PostureState state_ = PostureState::good;
    int run_left_ = 0;
    int score_ = 92;
};

}  // namespace pg::load
