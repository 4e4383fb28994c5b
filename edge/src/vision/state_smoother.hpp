#pragma once

#include "pg/posture_state.hpp"

namespace pg {

// Debounces the per-tick posture: a new state is taken only after it has been
// seen on enough consecutive ticks, so one odd frame never flips the state.
// Entering forward head or slouch needs `enter_ticks`, looking down or tilt
// `head_enter_ticks` (the head moves while talking; the body less so); going
// anywhere else (back to good, say) needs `exit_ticks`. `away` is taken at
// once: the caller only reports it after its own run of ticks without a face.
class StateSmoother {
public:
    StateSmoother(int enter_ticks, int head_enter_ticks, int exit_ticks, PostureState initial);

    PostureState update(PostureState raw);
    PostureState state() const { return state_; }
    // Starts over in `s` (after calibration, for instance) with no pending change.
    void reset(PostureState s);

private:
    int needed_for(PostureState s) const;

    int enter_ticks_;
    int head_enter_ticks_;
    int exit_ticks_;
    PostureState state_;
    PostureState candidate_;
    int run_ = 0;  // consecutive ticks the candidate has been seen
};

}  // namespace pg
