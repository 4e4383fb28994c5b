#pragma once

#include "pg/posture_state.hpp"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace pg::hub {

inline constexpr std::int64_t kMinuteMs = 60 * 1000;

inline std::int64_t minute_of(std::int64_t t_ms) { return t_ms - t_ms % kMinuteMs; }

// A sample as the rollup needs it.
struct RawSample {
    std::int64_t t_ms = 0;
    PostureState state = PostureState::good;
    int score = 0;
    std::int64_t dur_ms = 0;
};

// Two samples are one stretch when the second starts no later than one sample
// duration after the first ended: a single lost tick does not break a streak,
// a device switched off does.
inline bool continues(std::int64_t prev_t, std::int64_t prev_dur, std::int64_t next_t) {
    return next_t - (prev_t + prev_dur) <= prev_dur;
}

// One minute of one device (warm tier): enough to rebuild the daily mart exactly
// after the raw samples are pruned, streaks and percentiles included.
struct MinuteRollup {
    std::int64_t minute_ms = 0;
    std::array<std::int64_t, kPostureStateCount> state_ms{};
    std::int64_t score_sum = 0;
    std::int64_t score_n = 0;
    std::vector<std::uint8_t> scores;  // present samples' scores, sorted
    std::int64_t first_ms = 0;
    std::int64_t last_ms = 0;
    std::int64_t last_dur_ms = 0;
    std::int64_t good_head_ms = 0;
    std::int64_t good_tail_ms = 0;
    std::int64_t good_best_ms = 0;

    // Time the device watched: every state but paused.
    std::int64_t monitored_ms() const;
    std::int64_t present_ms() const;
    // Time the samples stand for, paused included.
    std::int64_t sampled_ms() const;
    std::int64_t ms(PostureState s) const { return state_ms[static_cast<std::size_t>(s)]; }
    // Every sample good and one unbroken stretch: a good run may pass through.
    bool all_good() const { return good_head_ms > 0 && good_head_ms == sampled_ms(); }
    // The state that took most of the minute (for the day timeline).
    PostureState dominant() const;
};

// Rolls up the samples of one minute, in time order. Empty input: an empty rollup.
MinuteRollup roll_up(std::int64_t minute_ms, std::span<const RawSample> samples);

}  // namespace pg::hub
