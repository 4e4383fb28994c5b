#include "app/clock_gate.hpp"

#include <gtest/gtest.h>

using namespace pg;

namespace {
struct SwitchableProbe final : ClockSyncProbe {
    bool synced = false;
    bool synchronized() override { return synced; }
};
TickResult tick_at(std::int64_t wall) {
    TickResult r;
    r.sample.t_ms = wall;
    r.sample.state = PostureState::good;
    r.events.push_back(Event{wall + 5, EventType::calibration, 0});
    return r;
}
}  // namespace

TEST(ClockGate, PassesTicksStraightThroughWhenTheClockIsSynchronised) {
    SwitchableProbe p;
    p.synced = true;
    ClockGate g(p, 10);
    auto out = g.admit(tick_at(1000), 50, 1000);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].sample.t_ms, 1000);
}

TEST(ClockGate, HoldsWhileUnsynchronisedAndRestampsFromTheBootClock) {
    SwitchableProbe p;
    ClockGate g(p, 10);
    // Booted believing it is 1970 + 1 s; the boot clock reads 100 ms then.
    EXPECT_TRUE(g.admit(tick_at(1'000), 100, 1'000).empty());
    EXPECT_TRUE(g.admit(tick_at(1'600), 700, 1'600).empty());
    EXPECT_TRUE(g.holding());
    // NTP steps the wall clock to the truth: boot 1300 ms <=> 2026 wall time.
    p.synced = true;
    const std::int64_t truth = 1'795'000'000'000;
    auto out = g.admit(tick_at(truth), 1'300, truth);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0].sample.t_ms, truth - 1'200);
    EXPECT_EQ(out[1].sample.t_ms, truth - 600);
    EXPECT_EQ(out[2].sample.t_ms, truth);
    EXPECT_EQ(out[0].events[0].t_ms, truth - 1'200 + 5);  // events move with their tick
    EXPECT_FALSE(g.holding());
    EXPECT_EQ(g.take_dropped(), 0u);
}

// Ticks are admitted after their analysis, which on a slow machine (a Pi Zero,
// an emulator) takes longer than the cadence: times must still increase.
TEST(ClockGate, HeldTicksKeepTheirSpacingWhenAnalysisOutlastsTheCadence) {
    SwitchableProbe p;
    ClockGate g(p, 10);
    EXPECT_TRUE(g.admit(tick_at(1'000), 2'100, 3'000).empty());  // admitted 2 s after its tick
    EXPECT_TRUE(g.admit(tick_at(1'600), 2'700, 3'600).empty());
    p.synced = true;
    const std::int64_t truth = 1'795'000'000'000;
    // Tick at truth - 2000 (wall, already right), admitted 2 s later.
    auto out = g.admit(tick_at(truth - 2'000), 3'300, truth);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_LT(out[0].sample.t_ms, out[1].sample.t_ms);
    EXPECT_LT(out[1].sample.t_ms, out[2].sample.t_ms);
    EXPECT_EQ(out[1].sample.t_ms - out[0].sample.t_ms, 600);
    EXPECT_EQ(out[2].sample.t_ms - out[1].sample.t_ms, 600);
}

TEST(ClockGate, DropsTheOldestBeyondItsLimitAndCountsThem) {
    SwitchableProbe p;
    ClockGate g(p, 3);
    for (int i = 0; i < 5; ++i) g.admit(tick_at(i * 600), i * 600, i * 600);
    EXPECT_EQ(g.take_dropped(), 2u);
    EXPECT_EQ(g.take_dropped(), 0u);
    p.synced = true;
    EXPECT_EQ(g.admit(tick_at(10'000), 3'000, 10'000).size(), 4u);
}

TEST(ClockGate, AClockSteppedBackNeverStampsAMomentTwice) {
    SwitchableProbe p;
    p.synced = true;
    ClockGate g(p, 10);
    ASSERT_EQ(g.admit(tick_at(10'000), 1'000, 10'000).size(), 1u);
    ASSERT_EQ(g.admit(tick_at(10'600), 1'600, 10'600).size(), 1u);
    // Stepped back by 1.5 s: these moments were sampled already.
    EXPECT_TRUE(g.admit(tick_at(9'700), 2'200, 9'700).empty());
    EXPECT_TRUE(g.admit(tick_at(10'300), 2'800, 10'300).empty());
    EXPECT_EQ(g.take_dropped(), 2u);
    // Past the last time again: samples flow, carrying the dropped ticks' events.
    auto out = g.admit(tick_at(10'900), 3'400, 10'900);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].sample.t_ms, 10'900);
    EXPECT_EQ(out[0].events.size(), 3u);
    EXPECT_EQ(g.take_dropped(), 0u);
}
