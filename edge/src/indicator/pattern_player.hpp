#pragma once

#include "indicator/pattern.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

namespace pg {

// Plays one Pattern against a caller-supplied time (no threads, no sleeping), so
// the same code runs on a timer thread and in tests on a manual clock. Whatever the
// pattern says, the output is never on for longer than `max_on` in one stretch.
class PatternPlayer {
public:
    explicit PatternPlayer(std::chrono::milliseconds max_on);

    // Replaces whatever was playing.
    void start(Pattern pattern, std::int64_t now_ms);
    void stop();
    // The output level at `now_ms`; advances through the steps.
    bool tick(std::int64_t now_ms);
    // When tick() must next be called for the output to change; nullopt when idle.
    std::optional<std::int64_t> next_change() const;
    bool playing() const { return playing_; }
    bool forced_off() const { return forced_off_; }

private:
    void enter_step(std::int64_t at_ms);

    std::chrono::milliseconds max_on_;
    Pattern pattern_;
    bool playing_ = false;
    std::size_t step_ = 0;
    std::int64_t step_end_ = 0;
    std::optional<std::int64_t> on_since_;
    bool forced_off_ = false;  // the last pattern hit max_on
};

}  // namespace pg
