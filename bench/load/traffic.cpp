#include "traffic.hpp"

#include <algorithm>

namespace pg::load {

SimDevice::SimDevice(std::string id, std::uint32_t stream, std::uint32_t seed)
    : id_(std::move(id)), stream_(stream), rng_(seed) {}

Batch SimDevice::next_batch(std::int64_t start_ms, std::int64_t span_ms, std::uint32_t cadence_ms) {
    Batch b;
    b.device = id_;
    b.stream = stream_;
    b.seq = ++seq_;
    b.t0_ms = start_ms;
    b.cadence_ms = cadence_ms;
    b.tz = "UTC";  // days cut at UTC midnight: a replayed day stays one mart row
    std::uniform_int_distribution<int> pct(0, 99), jitter(-3, 3), wiggle(-1, 1);
    const auto n = static_cast<int>(span_ms / cadence_ms);
    std::int64_t t = start_ms;
    for (int i = 0; i < n; ++i) {
        if (run_left_-- <= 0) {
            // Runs of 20..200 ticks: 70 % good, then forward head, slouch, away.
            const int p = pct(rng_);
            const auto prev = state_;
            state_ = p < 70 ? PostureState::good
                   : p < 85 ? PostureState::forward_head
                   : p < 95 ? PostureState::slouch : PostureState::away;
            run_left_ = 20 + pct(rng_) * 2;
            if (prev == PostureState::good && is_bad_posture(state_))
                b.events.push_back({t, EventType::alert, 1});
        }
        const int target = state_ == PostureState::good ? 92 : state_ == PostureState::away ? 0 : 60;
        score_ = std::clamp(score_ + (target - score_) / 4 + wiggle(rng_), 0, 100);
        Sample s;
        s.t_ms = t;
        s.state = state_;
        s.score = static_cast<std::uint8_t>(score_);
        s.width_c = static_cast<std::int16_t>(state_ == PostureState::forward_head ? 112 : 100 + wiggle(rng_));
        s.drop_c = static_cast<std::int16_t>(state_ == PostureState::slouch ? 30 : 2 + wiggle(rng_));
        b.samples.push_back(s);
        t += cadence_ms + jitter(rng_);
    }
    return b;
}

}  // namespace pg::load
