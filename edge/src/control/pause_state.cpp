#include "control/pause_state.hpp"

namespace pg {

std::string_view to_string(PauseCause c) {
    switch (c) {
    case PauseCause::command: return "command";
    case PauseCause::button: return "button";
    case PauseCause::schedule: return "schedule";
    }
    return "invalid";
}

void PauseState::pause(std::optional<std::int64_t> until_ms, PauseCause by) { user_ = UserPause{until_ms, by}; }

bool PauseState::resume() {
    const bool was = user_.has_value();
    user_.reset();
    return was;
}

bool PauseState::expire(std::int64_t now_ms) {
    if (!user_ || !user_->until || now_ms < *user_->until) return false;
    user_.reset();
    return true;
}

PauseStatus PauseState::status(std::int64_t now_ms) const {
    PauseStatus s;
    if (user_ && (!user_->until || now_ms < *user_->until)) {
        s.paused = true;
        s.by = user_->by;
        s.until = user_->until;
        // A timed pause that ends outside the schedule lasts until the schedule starts.
        if (s.until && !schedule_.contains(*s.until)) s.until = schedule_.next_start(*s.until);
        return s;
    }
    if (!schedule_.contains(now_ms)) {
        s.paused = true;
        s.by = PauseCause::schedule;
        s.until = schedule_.next_start(now_ms);
    }
    return s;
}

}  // namespace pg
