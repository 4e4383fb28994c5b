#include "source/sim/scenario.hpp"

namespace pg::sim {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using S = PostureState;

minutes some_minutes(Random& r, int lo, int hi) { return minutes(r.between(lo, hi)); }

// Leaning in: closer to the camera, so the face is bigger and, because the head
// comes forward and down, a little lower (pinhole model).
Pose forward_pose(Random& r) { return Pose::leaning(r.uniform(1.20, 1.26), r.uniform(0.08, 0.18)); }
Pose slouch_pose(Random& r) { return Pose::slumped(r.uniform(0.58, 0.72), r.uniform(0.95, 0.99)); }

// A forward creep: the user drifts in while still within the neutral band, then
// sits leaning in and creeps a little further before correcting.
void forward_creep(DayScript& d, Random& r, int lo_min, int hi_min) {
    Pose drifted = Pose::leaning(1.04, 0.04);  // still inside forward_enter with sway
    d.add(S::good, some_minutes(r, 6, 12), Pose::upright(), drifted);
    Pose start = forward_pose(r);
    Pose deeper = Pose::leaning(start.scale + r.uniform(0.02, 0.06), start.drop + 0.05);
    d.add(S::forward_head, some_minutes(r, lo_min, hi_min), start, deeper);
}

void slouch_spell(DayScript& d, Random& r, int lo_min, int hi_min) {
    Pose start = slouch_pose(r);
    Pose deeper = Pose::slumped(start.drop + r.uniform(0.0, 0.12), start.scale);
    d.add(S::slouch, some_minutes(r, lo_min, hi_min), start, deeper);
}

// ~08:30-17:30 at a desk: arrive, (day 1) calibrate sitting upright, work, creep
// forward mid-morning, a break, lunch away, slouch after lunch, another break, leave.
DayScript workday(int day, Random& r) {
    DayScript d(local_time(8, 25) + seconds(60 * r.between(-10, 15)));
    d.away(some_minutes(r, 3, 8));  // the window opens on an empty desk
    d.good(seconds(r.between(10, 30)));  // sits down
    if (day == 0) {
        d.press_calibrate();
        d.good(minutes(3));  // holds still well past the calibration window
    }
    d.until(S::good, local_time(9, 40) + seconds(60 * r.between(-15, 20)), Pose::upright());
    d.away(some_minutes(r, 5, 15));  // coffee
    d.good(some_minutes(r, 15, 30));
    forward_creep(d, r, 20, 40);
    d.good(some_minutes(r, 20, 40));  // notices and sits back
    if (r.chance(0.5)) {
        slouch_spell(d, r, 5, 12);
        d.good(some_minutes(r, 5, 15));
    }
    d.until(S::good, local_time(12, 0) + seconds(60 * r.between(-10, 20)), Pose::upright());
    d.away(some_minutes(r, 40, 50));  // lunch
    d.good(some_minutes(r, 10, 25));
    slouch_spell(d, r, 30, 60);  // the after-lunch dip
    d.good(some_minutes(r, 20, 40));
    d.away(some_minutes(r, 5, 15));
    d.until(S::good, local_time(15, 30) + seconds(60 * r.between(-20, 20)), Pose::upright());
    if (r.chance(0.7)) {
        forward_creep(d, r, 10, 25);
        d.good(some_minutes(r, 10, 20));
    }
    d.until(S::good, local_time(17, 30) + seconds(60 * r.between(-15, 15)), Pose::upright());
    d.away(some_minutes(r, 3, 8));  // gone home; the window closes on an empty desk
    return d;
}

// Ten minutes covering every state, for tests and quick demos.
DayScript quick(int /*day*/, Random& r) {
    DayScript d(local_time(9, 0));
    d.press_calibrate();
    d.good(minutes(2));
    d.add(S::forward_head, minutes(2), forward_pose(r));
    d.good(minutes(1));
    d.add(S::slouch, minutes(2), slouch_pose(r));
    d.away(minutes(1));
    d.good(minutes(2));
    return d;
}

}  // namespace

std::vector<Scenario> builtin_scenarios() {
    std::vector<Scenario> all = suite_scenarios();
    for (auto& s : head_scenarios()) all.push_back(std::move(s));
    std::vector<Scenario> desk_days{
        {"workday", "a desk day ~08:30-17:30 per day: calibrate on day 1, forward creep, breaks, lunch, "
                    "after-lunch slouch (days=N, default the N days ending yesterday)",
         workday},
        {"quick", "10 minutes: calibrate + 2 min good, 2 min forward head, 1 min good, 2 min slouch, "
                  "1 min away, 2 min good",
         quick},
    };
    all.insert(all.end(), desk_days.begin(), desk_days.end());
    return all;
}

}  // namespace pg::sim
