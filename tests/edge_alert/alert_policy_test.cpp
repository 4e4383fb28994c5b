// The alert policy on long timelines, replayed on a ManualClock (1 s ticks):
// exact alert times, never a wall clock.
#include "timeline.hpp"

#include <gtest/gtest.h>

using namespace pg;
using namespace pg::test;
using E = EventType;

namespace {

AlertConfig no_breaks() {
    AlertConfig c;
    c.break_after = 0ms;  // these tests are about posture alone
    return c;
}

}  // namespace

TEST(AlertPolicy, GlancesNeverAlertInAWholeDay) {
    Replay r(no_breaks());
    // Ten hours of looking down at notes for up to 29 s at a time: each glance is
    // one tick short of the 30 s hold.
    for (int i = 0; i < 720; ++i) r.good(31s).slouch(i % 2 ? 29s : 10s);
    EXPECT_GT(r.ticks(), 10 * 3600);
    EXPECT_TRUE(r.of(E::alert).empty());
    EXPECT_TRUE(r.signals().empty());
}

TEST(AlertPolicy, AThirtySecondSlouchAlertsOnceAndIsCorrected) {
    Replay r(no_breaks());
    r.good(5min).slouch(30s).good(4h);
    // The slouch covers seconds 300..329; the tick at 329 completes 30 s of it.
    EXPECT_EQ(r.events(), (std::vector<Seen>{{329, E::alert, 1}, {330, E::posture_corrected, 1}}));
    EXPECT_EQ(r.signals(), std::vector<AlertSignal>{AlertSignal::posture});
}

TEST(AlertPolicy, RepeatsOnlyAfterTheCooldownEscalatingInSteps) {
    Replay r(no_breaks());
    r.good(1min).slouch(25min);
    // Bad from 60 s: first alert at 89 s, then every 5 min, levels 1, 2, 3, 3, 3.
    EXPECT_EQ(r.of(E::alert), (std::vector<Seen>{{89, E::alert, 1},
                                                 {389, E::alert, 2},
                                                 {689, E::alert, 3},
                                                 {989, E::alert, 3},
                                                 {1289, E::alert, 3}}));
}

TEST(AlertPolicy, GoodPostureHeldResetsTheEscalation) {
    Replay r(no_breaks());
    r.slouch(6min);                 // alerts at 29 (L1) and 329 (L2)
    r.good(10s).slouch(5min);       // a brief fix: the next alert continues at L3
    r.good(2min).slouch(10min);     // held good for 60 s+: back to level 1
    auto alerts = r.of(E::alert);
    ASSERT_EQ(alerts.size(), 5u) << ::testing::PrintToString(alerts);
    EXPECT_EQ(alerts[0], (Seen{29, E::alert, 1}));
    EXPECT_EQ(alerts[1], (Seen{329, E::alert, 2}));
    // Second stretch bad from 370: held 30 s at 399, cooldown since 329 ends at 629.
    EXPECT_EQ(alerts[2], (Seen{629, E::alert, 3}));
    // Third stretch bad from 790 (after good 670..789): 819 is in hold, cooldown ends 929.
    EXPECT_EQ(alerts[3], (Seen{929, E::alert, 1}));
    EXPECT_EQ(alerts[4], (Seen{1229, E::alert, 2}));
    // Each return to good after an alert is reported once.
    EXPECT_EQ(r.of(E::posture_corrected).size(), 2u);
}

TEST(AlertPolicy, SnoozeSilencesUntilItRunsOut) {
    Replay r(no_breaks());
    r.slouch(40s);   // alert at 29
    r.snooze(30);    // at 40 s, until 1840 s
    r.slouch(50min);
    EXPECT_EQ(r.events(), (std::vector<Seen>{{29, E::alert, 1},
                                             {40, E::snooze, 30},
                                             {1840, E::resume, 0},
                                             // still slouching when it ends: alert at once
                                             {1840, E::alert, 2},
                                             {2140, E::alert, 3},
                                             {2440, E::alert, 3},
                                             {2740, E::alert, 3}}));
}

TEST(AlertPolicy, ResumeEndsASnoozeEarly) {
    Replay r(no_breaks());
    r.snooze(60).slouch(2min).resume().slouch(1min);
    EXPECT_EQ(r.events(), (std::vector<Seen>{{0, E::snooze, 60}, {120, E::resume, 1}, {120, E::alert, 1}}));
    // A resume without a snooze changes nothing.
    r.resume();
    EXPECT_EQ(r.events().size(), 3u);
}

TEST(AlertPolicy, QuietHoursInTheDeviceZone) {
    AlertConfig c = no_breaks();
    c.quiet_hours = "22:00-07:00";
    // 2025-03-10 21:50 in Berlin (CET, UTC+1) is 20:50 UTC.
    const std::int64_t t0 = kT0 + (12 * 3600 + 50 * 60) * 1000LL;
    Replay r(c, "Europe/Berlin", t0);
    r.slouch(std::chrono::hours(10));  // 21:50 .. 07:50 local, never fixed
    auto alerts = r.of(E::alert);
    ASSERT_EQ(alerts.size(), 2u + 10u) << ::testing::PrintToString(alerts);
    EXPECT_EQ(alerts[0], (Seen{29, E::alert, 1}));   // 21:50:29
    EXPECT_EQ(alerts[1], (Seen{329, E::alert, 2}));  // 21:55:29; 22:00 is second 600
    // Silent until 07:00 local (second 33000), then every 5 min to 07:50.
    for (std::size_t i = 2; i < alerts.size(); ++i)
        EXPECT_EQ(alerts[i], (Seen{33000 + 300 * static_cast<int>(i - 2), E::alert, 3}));
}

TEST(AlertPolicy, PausedWhileAwayDarkUncalibratedOrCameraError) {
    Replay r(no_breaks());
    for (auto s : {PostureState::away, PostureState::too_dark, PostureState::uncalibrated, PostureState::camera_error})
        r.hold(s, 2h);
    // A slouch interrupted by leaving the desk starts over on return.
    r.slouch(20s).away(20s).slouch(20s);
    EXPECT_TRUE(r.events().empty());
}

TEST(AlertPolicy, BreakReminderAfterFiftyMinutesPresent) {
    Replay r;  // defaults: break after 50 min, a break is 5 min away
    r.good(2h);
    EXPECT_EQ(r.of(E::break_reminder),
              (std::vector<Seen>{{2999, E::break_reminder, 50}, {5999, E::break_reminder, 100}}));
    r.away(2min).good(30min);    // a short absence is not a break: 150 min at 8999 s
    EXPECT_EQ(r.of(E::break_reminder).size(), 3u);
    EXPECT_EQ(r.of(E::break_reminder).back(), (Seen{8999, E::break_reminder, 150}));
    r.away(5min).good(49min);    // a real break: the count starts over
    EXPECT_EQ(r.of(E::break_reminder).size(), 3u);
    r.good(1min);
    EXPECT_EQ(r.of(E::break_reminder).size(), 4u);
}
