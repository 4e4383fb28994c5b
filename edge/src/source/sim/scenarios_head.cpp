#include "source/sim/scenario.hpp"
#include "source/sim/scenario_steps.hpp"

// The head's own movements, drawn in 3-D: what is held is posture (looking
// down at a phone or papers, a tilted head), what comes and goes is not
// (glances, turns to a second monitor, nods, the motion of talking). The
// thresholds a held posture is judged by are posture.looking_down_enter (25
// degrees) and posture.tilt_enter (15): held poses stay well beyond them, the
// good ones well within.

namespace pg::sim {
namespace {

using namespace steps;
using S = PostureState;

// Reading a phone held low: the head bows 28-40 degrees for half a minute or
// more. Between spells, quick looks at it (under a second) stay good.
DayScript phone(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    for (int i = 0; i < 5; ++i) {
        d.good(secs(r, 25, 45));
        for (int g = 0; g < 2; ++g) {
            flick(d, Pose::upright().head(r.uniform(28, 38)), millis(r, 500, 900), Pose::upright(), milliseconds(300));
            d.good(secs(r, 8, 15));
        }
        const Pose down = Pose::upright().head(r.uniform(28, 40), r.uniform(-5, 5));
        d.add(S::looking_down, secs(r, 30, 70), down, down.head(down.pitch + r.uniform(-3, 3), down.yaw));
    }
    d.good(minutes(1));
    return d;
}

// Papers on the desk beside the keyboard: a deeper bow (30-38 degrees), a
// little to one side, with the small movements of reading and writing.
DayScript papers(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    for (int i = 0; i < 5; ++i) {
        d.good(secs(r, 30, 60));
        const double side = either_side(r);
        const Pose down = Pose::upright().head(r.uniform(30, 38), side * r.uniform(5, 15)).talking(0.3);
        d.add(S::looking_down, secs(r, 30, 60), down);
        // A look up at the screen and straight back: the posture held goes on.
        const milliseconds quick(400);
        d.add(S::looking_down, millis(r, 600, 900), Pose::upright(), Pose::upright(), quick);
        d.add(S::looking_down, secs(r, 15, 30), down, down, quick);
    }
    d.good(minutes(1));
    return d;
}

// Resting the head on one side for a while (roll 18-25 degrees); brief tilts
// (under a second, as when stretching the neck) stay good.
DayScript tilt(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    for (int i = 0; i < 5; ++i) {
        d.good(secs(r, 30, 50));
        flick(d, Pose::upright().head(0, 0, either_side(r) * r.uniform(15, 22)), millis(r, 500, 900), Pose::upright(),
              milliseconds(300));
        d.good(secs(r, 10, 20));
        const Pose tilted = Pose::upright().head(r.uniform(-4, 4), r.uniform(-5, 5), either_side(r) * r.uniform(18, 25));
        d.add(S::tilt, secs(r, 40, 80), tilted);
    }
    d.good(minutes(1));
    return d;
}

// Reading a second monitor: the head turns 30-45 degrees for a while and the
// body leans a little that way; the user sits as upright as before, so it is
// good posture.
DayScript monitor_turns(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    for (int i = 0; i < 10; ++i) {
        d.good(secs(r, 20, 45));
        const double side = r.chance(0.7) ? 1.0 : -1.0;
        const double yaw = side * r.uniform(30, 45);
        d.add(S::good, secs(r, 5, 20), Pose::upright().turned(yaw, side * r.uniform(0.1, 0.4)).head(r.uniform(-3, 5), yaw));
    }
    d.good(minutes(1));
    return d;
}

// Agreeing in a video call: runs of two to four quick nods (10-15 degrees),
// now and then a look up while thinking, and half a minute looking a little
// down at the bottom of the screen (8-12 degrees): all good posture.
DayScript nodding(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    for (int i = 0; i < 14; ++i) {
        d.good(secs(r, 10, 25));
        const int nods = static_cast<int>(r.between(2, 4));
        for (int n = 0; n < nods; ++n)
            flick(d, Pose::upright().head(r.uniform(10, 15)), millis(r, 300, 400), Pose::upright(), milliseconds(250),
                  millis(r, 350, 500));
        if (i % 4 == 1) flick(d, Pose::upright().head(-r.uniform(10, 15)), secs(r, 1, 2), Pose::upright(), milliseconds(500));
        if (i % 5 == 3) d.add(S::good, secs(r, 25, 40), Pose::upright().head(r.uniform(8, 12)));
    }
    d.good(minutes(1));
    return d;
}

// A long conversation, sitting well: the head never stops moving a few
// degrees (Pose::talk), with the odd quick nod, a turn towards someone in
// the room and back, and a brief tilt of the head. All good posture, no alert.
DayScript talking(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    const Pose talk = Pose::upright().talking();
    for (int i = 0; i < 12; ++i) {
        d.add(S::good, secs(r, 20, 40), talk);
        switch (i % 3) {
        case 0: flick(d, talk.head(r.uniform(10, 15)), millis(r, 300, 500), talk, milliseconds(250)); break;
        case 1: flick(d, talk.head(0, either_side(r) * r.uniform(20, 35)), secs(r, 1, 2), talk, milliseconds(400)); break;
        default: flick(d, talk.head(0, 0, either_side(r) * r.uniform(8, 12)), millis(r, 600, 1000), talk, milliseconds(400));
        }
    }
    d.add(S::good, minutes(1), talk);
    return d;
}

}  // namespace

std::vector<Scenario> head_scenarios() {
    return {
        {"phone", "~10 min: five spells reading a phone (head bowed 28-40 degrees, 30-70 s: looking down), "
                  "quick looks at it between (good)",
         phone},
        {"papers", "~11 min: reading and writing on papers beside the keyboard (bowed 30-38 degrees, "
                   "45-90 s: looking down), glancing up at the screen",
         papers},
        {"tilt", "~11 min: five spells with the head resting on one side (18-25 degrees, 40-80 s: tilt), "
                 "brief tilts between (good)",
         tilt},
        {"monitor", "~9 min of good posture with 10 turns to a second monitor (head 30-45 degrees, 5-20 s)",
         monitor_turns},
        {"nodding", "~10 min of good posture: runs of quick nods, looks up, reading the bottom of the screen",
         nodding},
        {"talking", "~10 min of good posture while talking: the head keeps moving a few degrees, quick nods, "
                    "turns and tilts",
         talking},
    };
}

}  // namespace pg::sim
