// Double press on the button (gpio.pause_gesture = "double"): told apart from
// short and long presses without breaking them; a single short press waits for
// the double-press window, and only for it.
#include "indicator/button_decoder.hpp"

#include <gtest/gtest.h>

using namespace pg;
using namespace std::chrono_literals;

namespace {

// All actions the decoder reports for `edges`, ticking every 10 ms up to `until`.
std::vector<std::pair<std::int64_t, ButtonAction>> run(ButtonDecoder& b, std::vector<ButtonEdge> edges,
                                                        std::int64_t until) {
    std::vector<std::pair<std::int64_t, ButtonAction>> out;
    std::size_t i = 0;
    for (std::int64_t t = 0; t <= until; t += 10) {
        while (i < edges.size() && edges[i].t_ms <= t)
            if (auto a = b.edge(edges[i++])) out.emplace_back(t, *a);
        if (auto a = b.tick(t)) out.emplace_back(t, *a);
    }
    return out;
}

}  // namespace

TEST(ButtonDoublePress, TwoQuickPressesAreOneDoublePress) {
    ButtonDecoder b(30ms, 2000ms, 350ms);
    auto got = run(b, {{1000, true}, {1120, false}, {1300, true}, {1420, false}}, 3000);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].second, ButtonAction::double_press);
    EXPECT_EQ(got[0].first, 1420);  // on the second release, no wait
}

TEST(ButtonDoublePress, ASingleShortPressWaitsTheWindowOnly) {
    ButtonDecoder b(30ms, 2000ms, 350ms);
    auto got = run(b, {{1000, true}, {1120, false}}, 3000);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].second, ButtonAction::short_press);
    EXPECT_EQ(got[0].first, 1120 + 350);
    EXPECT_FALSE(b.next_deadline());
}

TEST(ButtonDoublePress, ASecondPressAfterTheWindowIsTwoShortPresses) {
    ButtonDecoder b(30ms, 2000ms, 350ms);
    auto got = run(b, {{1000, true}, {1100, false}, {1500, true}, {1600, false}}, 3000);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].second, ButtonAction::short_press);
    EXPECT_EQ(got[1].second, ButtonAction::short_press);
}

TEST(ButtonDoublePress, LongPressStaysLongAndAShortThenLongIsBoth) {
    ButtonDecoder b(30ms, 2000ms, 350ms);
    auto got = run(b, {{1000, true}, {3500, false}}, 4000);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0], std::pair(std::int64_t{3000}, ButtonAction::long_press));  // while held, as before

    ButtonDecoder c(30ms, 2000ms, 350ms);
    got = run(c, {{1000, true}, {1100, false}, {1300, true}, {4000, false}}, 5000);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0].second, ButtonAction::short_press);
    EXPECT_EQ(got[1].second, ButtonAction::long_press);
    EXPECT_LE(got[1].first - 1300, 2000 + 10);
}

TEST(ButtonDoublePress, BounceDoesNotMakeADouble) {
    ButtonDecoder b(30ms, 2000ms, 350ms);
    // One press whose contacts bounce on press and release.
    auto got = run(b, {{1000, true}, {1003, false}, {1006, true}, {1200, false}, {1204, true}, {1208, false}}, 3000);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].second, ButtonAction::short_press);
}

TEST(ButtonDoublePress, WithoutAWindowShortPressesAreImmediate) {
    ButtonDecoder b(30ms, 2000ms);
    auto got = run(b, {{1000, true}, {1120, false}, {1300, true}, {1420, false}}, 3000);
    ASSERT_EQ(got.size(), 2u);
    EXPECT_EQ(got[0], std::pair(std::int64_t{1120}, ButtonAction::short_press));
    EXPECT_EQ(got[1], std::pair(std::int64_t{1420}, ButtonAction::short_press));
}

TEST(ButtonDoublePress, EdgesWithoutTicksStillDecide) {
    // A late second press (its tick missed) makes the first a short press at once.
    ButtonDecoder b(30ms, 2000ms, 350ms);
    EXPECT_FALSE(b.edge({1000, true}));
    EXPECT_FALSE(b.edge({1100, false}));
    EXPECT_EQ(b.next_deadline(), 1450);
    EXPECT_EQ(b.edge({2000, true}), ButtonAction::short_press);
    EXPECT_FALSE(b.edge({2100, false}));
    EXPECT_EQ(b.tick(2450), ButtonAction::short_press);
}
