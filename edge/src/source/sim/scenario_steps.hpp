#pragma once

#include "source/sim/day_script.hpp"
#include "source/sim/random.hpp"

#include <chrono>

// Building blocks the evaluation scenarios share: every one starts the same
// way (sit down, calibrate, two minutes upright) so each measures only its own
// situation.
namespace pg::sim::steps {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

inline seconds secs(Random& r, int lo, int hi) { return seconds(r.between(lo, hi)); }
inline milliseconds millis(Random& r, int lo, int hi) { return milliseconds(r.between(lo, hi)); }
inline double either_side(Random& r) { return r.chance(0.5) ? 1.0 : -1.0; }

inline DayScript sit_down_and_calibrate(Pose room = Pose::upright()) {
    DayScript d(local_time(9, 0));
    d.add(PostureState::away, seconds(20), Pose::nobody().with_light(room.light).with_noise(room.noise));
    d.add(PostureState::good, seconds(10), room);
    d.press_calibrate();
    d.add(PostureState::good, minutes(2), room);
    return d;
}

// A quick move and back, as in a glance or a nod: `there` for `hold`, reached
// and left within `ramp` each way, then `back` for `back_for`. Good posture:
// far shorter than any bad posture must last to count.
inline void flick(DayScript& d, const Pose& there, milliseconds hold, const Pose& back, milliseconds ramp,
                  milliseconds back_for = milliseconds(1000)) {
    d.add(PostureState::good, hold, there, there, ramp);
    d.add(PostureState::good, back_for, back, back, ramp);
}

}  // namespace pg::sim::steps
