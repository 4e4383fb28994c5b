// Patterns and the button decoder against caller-supplied times: no threads, no sleeps.
#include "indicator/button_decoder.hpp"
#include "indicator/pattern_player.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace pg;
using namespace std::chrono_literals;

namespace {

// The output level at every millisecond from 0 to `until`, as a string of 0/1 runs.
std::string levels(PatternPlayer& p, std::int64_t until) {
    std::string out;
    int last = -1;
    std::int64_t run = 0;
    for (std::int64_t t = 0; t <= until; ++t) {
        int on = p.tick(t) ? 1 : 0;
        if (on != last && last >= 0) {
            out += std::to_string(last) + "x" + std::to_string(run) + " ";
            run = 0;
        }
        last = on;
        ++run;
    }
    return out + std::to_string(last) + "x" + std::to_string(run);
}

}  // namespace

TEST(PatternPlayer, PlaysDoubleBeepAndGoesQuiet) {
    PatternPlayer p(2s);
    p.start(*named_pattern("double"), 0);
    EXPECT_EQ(levels(p, 1000), "1x120 0x120 1x120 0x641");
    EXPECT_FALSE(p.playing());
    EXPECT_FALSE(p.next_change());
}

TEST(PatternPlayer, NextChangeNamesEveryEdge) {
    PatternPlayer p(2s);
    p.start(*named_pattern("escalating"), 1000);
    std::vector<std::int64_t> edges;
    for (auto t = p.next_change(); t; t = p.next_change()) {
        edges.push_back(*t);
        p.tick(*t);
    }
    EXPECT_EQ(edges, (std::vector<std::int64_t>{1100, 1220, 1420, 1540, 1940}));
}

TEST(PatternPlayer, NeverExceedsTheMaximumOnTime) {
    PatternPlayer p(300ms);
    p.start(Pattern{"stuck", {{true, 1h}}}, 0);
    EXPECT_EQ(p.next_change(), 300);
    EXPECT_EQ(levels(p, 1000), "1x300 0x701");
    EXPECT_TRUE(p.forced_off());
}

TEST(PatternPlayer, BackToBackPatternsShareTheLimit) {
    PatternPlayer p(500ms);
    p.start(*named_pattern("long"), 0);
    EXPECT_TRUE(p.tick(400));
    p.start(*named_pattern("long"), 400);  // interrupts an on-step: the stretch continues
    EXPECT_TRUE(p.tick(499));
    EXPECT_FALSE(p.tick(500));
}

TEST(PatternPlayer, StopSilencesAtOnce) {
    PatternPlayer p(2s);
    p.start(*named_pattern("long"), 0);
    EXPECT_TRUE(p.tick(10));
    p.stop();
    EXPECT_FALSE(p.tick(11));
}

TEST(Patterns, AlertLevelsEscalate) {
    EXPECT_EQ(alert_pattern(1).name, "short");
    EXPECT_EQ(alert_pattern(2).name, "double");
    EXPECT_EQ(alert_pattern(3).name, "escalating");
    EXPECT_EQ(alert_pattern(5).name, "escalating");
    EXPECT_FALSE(named_pattern("siren"));
    for (const char* n : {"short", "double", "long", "escalating"}) EXPECT_LE(named_pattern(n)->total(), 2s) << n;
}

TEST(ButtonDecoder, ShortAndLongPresses) {
    ButtonDecoder b(30ms, 2000ms);
    EXPECT_FALSE(b.edge({1000, true}));
    EXPECT_EQ(b.edge({1300, false}), ButtonAction::short_press);
    EXPECT_FALSE(b.edge({5000, true}));
    EXPECT_FALSE(b.tick(6999));
    EXPECT_EQ(b.tick(7000), ButtonAction::long_press);  // fires while still held
    EXPECT_FALSE(b.tick(8000));
    EXPECT_FALSE(b.edge({9000, false}));                 // its release is silent
}

TEST(ButtonDecoder, ContactBounceMakesOnePress) {
    ButtonDecoder b(30ms, 2000ms);
    int presses = 0;
    auto feed = [&](std::int64_t t, bool level) {
        if (b.edge({t, level})) ++presses;
    };
    // Press with bounce, hold 200 ms, release with bounce.
    feed(1000, true), feed(1002, false), feed(1004, true), feed(1007, false), feed(1009, true);
    feed(1200, false), feed(1203, true), feed(1205, false);
    EXPECT_EQ(presses, 1);
    EXPECT_FALSE(b.tick(1300));
    EXPECT_FALSE(b.tick(5000));  // not left "held": no phantom long press
}

TEST(ButtonDecoder, ABounceThatSettlesLateIsTakenOnTick) {
    ButtonDecoder b(30ms, 2000ms);
    EXPECT_FALSE(b.edge({1000, true}));
    EXPECT_FALSE(b.edge({1010, false}));  // a 10 ms tap: within the debounce window
    EXPECT_EQ(b.next_deadline(), 1030);
    EXPECT_EQ(b.tick(1030), ButtonAction::short_press);
    EXPECT_FALSE(b.tick(4000));
}
