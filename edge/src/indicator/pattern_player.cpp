#include "indicator/pattern_player.hpp"

#include <algorithm>

namespace pg {

PatternPlayer::PatternPlayer(std::chrono::milliseconds max_on) : max_on_(std::max(max_on, std::chrono::milliseconds(1))) {}

void PatternPlayer::start(Pattern pattern, std::int64_t now_ms) {
    pattern_ = std::move(pattern);
    playing_ = !pattern_.steps.empty();
    forced_off_ = false;
    step_ = 0;
    // A new pattern interrupting an on-step keeps counting that stretch: two
    // patterns back to back cannot add up to more than max_on either.
    if (!playing_ || !pattern_.steps.front().on) on_since_.reset();
    if (playing_) enter_step(now_ms);
}

void PatternPlayer::stop() {
    playing_ = false;
    on_since_.reset();
}

void PatternPlayer::enter_step(std::int64_t at_ms) {
    const auto& s = pattern_.steps[step_];
    step_end_ = at_ms + s.length.count();
    if (s.on && !on_since_) on_since_ = at_ms;
    if (!s.on) on_since_.reset();
}

bool PatternPlayer::tick(std::int64_t now_ms) {
    while (playing_ && now_ms >= step_end_) {
        if (++step_ == pattern_.steps.size()) {
            stop();
            break;
        }
        enter_step(step_end_);
    }
    if (!playing_) return false;
    bool on = pattern_.steps[step_].on;
    if (on && on_since_ && now_ms - *on_since_ >= max_on_.count()) {
        // The hard limit: drop the rest of the pattern rather than risk a stuck buzzer.
        forced_off_ = true;
        stop();
        return false;
    }
    return on;
}

std::optional<std::int64_t> PatternPlayer::next_change() const {
    if (!playing_) return std::nullopt;
    std::int64_t t = step_end_;
    if (pattern_.steps[step_].on && on_since_) t = std::min(t, *on_since_ + max_on_.count());
    return t;
}

}  // namespace pg
