#include "vision/state_smoother.hpp"

#include <algorithm>

namespace pg {

StateSmoother::StateSmoother(int enter_ticks, int head_enter_ticks, int exit_ticks, PostureState initial)
    : enter_ticks_(std::max(1, enter_ticks)), head_enter_ticks_(std::max(1, head_enter_ticks)),
      exit_ticks_(std::max(1, exit_ticks)), state_(initial), candidate_(initial) {}

int StateSmoother::needed_for(PostureState s) const {
    if (s == PostureState::away) return 1;
    if (s == PostureState::looking_down || s == PostureState::tilt) return head_enter_ticks_;
    return is_bad_posture(s) ? enter_ticks_ : exit_ticks_;
}

PostureState StateSmoother::update(PostureState raw) {
    if (raw == state_) {
        run_ = 0;
        candidate_ = state_;
        return state_;
    }
    if (raw == candidate_) {
        ++run_;
    } else {
        candidate_ = raw;
        run_ = 1;
    }
    if (run_ >= needed_for(raw)) {
        state_ = raw;
        run_ = 0;
    }
    return state_;
}

void StateSmoother::reset(PostureState s) {
    state_ = s;
    candidate_ = s;
    run_ = 0;
}

}  // namespace pg
