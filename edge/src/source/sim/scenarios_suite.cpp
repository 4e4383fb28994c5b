#include "source/sim/scenario.hpp"
#include "source/sim/scenario_steps.hpp"

// The evaluation suite: one situation per scenario, each ~10 minutes with exact
// ground truth, for `pg-edge eval` and the accuracy tests. The head's own
// movements (looking down, tilting, turning, nodding, talking) are in
// scenarios_head.cpp.

namespace pg::sim {
namespace {

using namespace steps;
using S = PostureState;

Pose forward_pose(Random& r) { return Pose::leaning(r.uniform(1.18, 1.24), r.uniform(0.08, 0.15)); }
Pose slouch_pose(Random& r) { return Pose::slumped(r.uniform(0.60, 0.72), r.uniform(0.96, 0.99)); }

DayScript upright(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    for (int i = 0; i < 3; ++i) {
        d.good(secs(r, 60, 100));
        d.add(S::good, secs(r, 30, 60), Pose::leaning(r.uniform(0.93, 0.97), -0.05));  // leans back
        d.good(secs(r, 40, 80));
        d.add(S::good, secs(r, 30, 60), Pose::upright().turned(0.0, r.uniform(-0.4, 0.4)));  // shifts in the chair
    }
    return d;
}

// Drifts in within the neutral band for minutes, then sits leaning in and
// creeps further before sitting back: the truth changes where the lean starts.
DayScript creep(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    for (int i = 0; i < 2; ++i) {
        d.add(S::good, secs(r, 150, 200), Pose::upright(), Pose::leaning(1.05, 0.04));
        const Pose start = forward_pose(r);
        d.add(S::forward_head, secs(r, 150, 200), start, Pose::leaning(start.scale + 0.05, start.drop + 0.05));
        d.good(secs(r, 90, 120));
    }
    return d;
}

DayScript slouch(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    d.add(S::slouch, secs(r, 150, 200), slouch_pose(r));
    d.good(secs(r, 100, 130));
    const Pose deep = Pose::slumped(r.uniform(0.75, 0.85), 0.97);
    d.add(S::slouch, secs(r, 130, 170), deep, Pose::slumped(deep.drop + 0.08, 0.97));
    d.good(secs(r, 80, 100));
    return d;
}

// Quick looks at the keyboard or phone: under a second, well below the ticks a
// bad posture needs, so they are good posture and must never alert.
DayScript glances(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    const milliseconds quick(250);
    for (int i = 0; i < 24; ++i) {
        d.good(secs(r, 12, 30));
        flick(d, Pose::upright().head(r.uniform(35, 45)), millis(r, 600, 1000), Pose::upright(), quick);
    }
    d.good(minutes(1));
    return d;
}

DayScript away_and_back(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    d.away(secs(r, 100, 140));
    d.good(secs(r, 100, 140));
    d.away(secs(r, 30, 50));
    d.good(secs(r, 80, 100));
    d.away(secs(r, 120, 180));
    d.good(secs(r, 60, 90));
    return d;
}

// Dusk: the lights fade until the picture is too dark to judge, come back, and
// the user then works a while in dim (but usable) light, slouching in it too.
DayScript dimming(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    d.good(minutes(1));
    const double dark = r.uniform(0.08, 0.15), dim = r.uniform(0.45, 0.55);
    d.add(S::good, seconds(60), Pose::upright(), Pose::upright().with_light(dark));
    d.add(S::good, secs(r, 80, 100), Pose::upright().with_light(dark));
    d.add(S::good, seconds(30), Pose::upright().with_light(dark), Pose::upright().with_light(dim));
    d.add(S::good, secs(r, 60, 90), Pose::upright().with_light(dim));
    d.add(S::forward_head, secs(r, 100, 130), forward_pose(r).with_light(dim));
    d.add(S::good, secs(r, 60, 80), Pose::upright().with_light(dim));
    d.add(S::slouch, secs(r, 100, 130), slouch_pose(r).with_light(dim));
    d.add(S::good, secs(r, 60, 80), Pose::upright().with_light(dim));
    return d;
}

// A cheap sensor in poor light: strong per-frame noise through every state.
DayScript noisy(int, Random& r) {
    const double n = r.uniform(9, 12);
    DayScript d = sit_down_and_calibrate(Pose::upright().with_noise(n));
    d.add(S::forward_head, secs(r, 100, 130), forward_pose(r).with_noise(n));
    d.add(S::good, secs(r, 80, 100), Pose::upright().with_noise(n));
    d.add(S::slouch, secs(r, 100, 130), slouch_pose(r).with_noise(n));
    d.add(S::away, secs(r, 50, 70), Pose::nobody().with_noise(n));
    d.add(S::good, secs(r, 80, 100), Pose::upright().with_noise(n));
    return d;
}

// Colleagues walk past behind the user (a smaller face crossing the frame),
// also while the user slouches: neither may be taken for the user.
DayScript passers_by(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    auto pass = [&](S state, Pose p) {
        const bool ltr = r.chance(0.5);
        d.add(state, secs(r, 6, 10), p.with_passer(ltr ? -0.2 : 1.2), p.with_passer(ltr ? 1.2 : -0.2));
    };
    for (int i = 0; i < 5; ++i) {
        d.good(secs(r, 20, 40));
        pass(S::good, Pose::upright());
    }
    const Pose s = slouch_pose(r);
    d.add(S::slouch, secs(r, 40, 60), s);
    pass(S::slouch, s);
    d.add(S::slouch, secs(r, 40, 60), s);
    pass(S::slouch, s);
    d.good(secs(r, 60, 90));
    return d;
}

// Resting the chin on a hand: the lower face is covered for a minute or so.
DayScript hand_on_chin(int, Random& r) {
    DayScript d = sit_down_and_calibrate();
    for (int i = 0; i < 4; ++i) {
        d.good(secs(r, 30, 60));
        d.add(S::good, secs(r, 40, 80), Pose::upright().with_hand(1.0));
    }
    d.add(S::slouch, secs(r, 100, 130), slouch_pose(r));
    d.good(secs(r, 60, 90));
    return d;
}

}  // namespace

std::vector<Scenario> suite_scenarios() {
    return {
        {"upright", "~10 min of good posture with natural moves: leaning back, shifting sideways", upright},
        {"creep", "~14 min: a slow drift towards the screen (still good), then leaning in (forward head), twice",
         creep},
        {"slouch", "~11 min: two slouching spells, the second deeper and sinking", slouch},
        {"glances", "~12 min of good posture with 24 glances down (under a second each: must not alert)", glances},
        {"away", "~12 min: leaving the desk three times (40 s to 3 min) and returning", away_and_back},
        {"dimming", "~14 min: lights fade to too dark and back, then forward head and slouch in dim light",
         dimming},
        {"noise", "~10 min of every state under strong sensor noise", noisy},
        {"passerby", "~8 min: smaller faces crossing behind the user, also while slouching (must be ignored)",
         passers_by},
        {"hand", "~9 min: four spells with a hand on the chin (good posture), then a slouch", hand_on_chin},
    };
}

}  // namespace pg::sim
