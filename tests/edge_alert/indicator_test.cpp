// Indicator backends and the driver thread: outputs end up off on every path, the
// real backend names the missing chip, and runs against gpio-sim where it exists.
#include "indicator/fake_indicator.hpp"
#include "indicator/indicator_driver.hpp"
#include "indicator/indicator_factory.hpp"
#include "pg/errors.hpp"
#include "wait_until.hpp"

#include <gtest/gtest.h>

#include <atomic>

using namespace pg;
using namespace pg::test;

namespace {

std::vector<std::string> whats(const FakeTimeline& t) {
    std::vector<std::string> out;
    for (const auto& e : t.snapshot()) out.push_back(e.what);
    return out;
}

bool saw(const FakeTimeline& t, const std::string& what) {
    for (const auto& e : t.snapshot())
        if (e.what == what) return true;
    return false;
}

}  // namespace

TEST(IndicatorDriver, PlaysAPatternOnItsOwnThreadAndEndsOff) {
    auto timeline = std::make_shared<FakeTimeline>();
    {
        IndicatorDriver d(std::make_unique<FakeIndicator>(timeline), GpioConfig{});
        d.play(*named_pattern("short"));
        ASSERT_TRUE(wait_until([&] { return saw(*timeline, "buzzer 0"); }));
        EXPECT_FALSE(d.output_on());
    }
    EXPECT_EQ(whats(*timeline), (std::vector<std::string>{"open", "all_off", "buzzer 1", "led 1", "buzzer 0", "led 0",
                                                         "all_off", "all_off", "release"}));
}

TEST(IndicatorDriver, DestroyedMidBuzzDrivesTheOutputsOff) {
    auto timeline = std::make_shared<FakeTimeline>();
    {
        IndicatorDriver d(std::make_unique<FakeIndicator>(timeline), GpioConfig{});
        d.play(Pattern{"endless", {{true, std::chrono::hours(1)}}});
        ASSERT_TRUE(wait_until([&] { return d.output_on(); }));
        EXPECT_TRUE(timeline->buzzer_on());
    }  // as on an exception unwinding past it
    auto w = whats(*timeline);
    ASSERT_GE(w.size(), 3u);
    EXPECT_EQ(w[w.size() - 2], "all_off");
    EXPECT_EQ(w.back(), "release");
    EXPECT_FALSE(timeline->buzzer_on());
}

TEST(IndicatorDriver, MaximumOnTimeHoldsEvenForAnEndlessPattern) {
    auto timeline = std::make_shared<FakeTimeline>();
    GpioConfig c;
    c.max_on = std::chrono::milliseconds(50);
    IndicatorDriver d(std::make_unique<FakeIndicator>(timeline), c);
    d.play(Pattern{"endless", {{true, std::chrono::hours(1)}}});
    ASSERT_TRUE(wait_until([&] { return saw(*timeline, "buzzer 1"); }));
    ASSERT_TRUE(wait_until([&] { return saw(*timeline, "buzzer 0"); }));
    EXPECT_FALSE(d.output_on());
}

TEST(IndicatorDriver, ButtonPressesReachTheHandler) {
    auto timeline = std::make_shared<FakeTimeline>();
    std::atomic<int> shorts{0}, longs{0};
    IndicatorDriver d(std::make_unique<FakeIndicator>(timeline), GpioConfig{}, [&](ButtonAction a) {
        (a == ButtonAction::short_press ? shorts : longs)++;
    });
    // Edges carry their own (monotonic) times, so the press lengths are exact.
    timeline->press({1000, true});
    timeline->press({1001, false});  // bounce
    timeline->press({1002, true});
    timeline->press({1300, false});
    timeline->press({2000, true});
    timeline->press({4500, false});  // 2.5 s: a long press
    ASSERT_TRUE(wait_until([&] { return shorts + longs == 2; }));
    EXPECT_EQ(shorts, 1);
    EXPECT_EQ(longs, 1);
}

TEST(IndicatorFactory, DefaultsToNoneAndValidates) {
    GpioConfig c;
    EXPECT_EQ(make_indicator(c, "")->describe(), "no GPIO (alerts are logged)");
    c.backend = "pwm";
    EXPECT_THROW(make_indicator(c, ""), ConfigError);
    c.backend = "none";
    c.fake_fault = "throw_while_buzzing";
    EXPECT_THROW(validate_gpio_config(c), ConfigError);  // a test hook needs the fake backend
    c.backend = "fake";
    EXPECT_NO_THROW(validate_gpio_config(c));
}

TEST(GpiodIndicator, MissingChipFailsWithOneLineNamingChipAndBoardFile) {
    GpioConfig c;
    c.backend = "gpiod";
    c.chip = "gpiochip-pg-missing";
    c.buzzer_line = 17;
    std::string message;
    try {
        make_indicator(c, "/etc/postureguard/boards/pi5.toml");
    } catch (const ConfigError& e) {
        message = e.what();
    }
    ASSERT_FALSE(message.empty());
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
#ifdef PG_HAVE_GPIOD
    EXPECT_NE(message.find("GPIO chip 'gpiochip-pg-missing' not found"), std::string::npos) << message;
#else
    EXPECT_NE(message.find("built without libgpiod"), std::string::npos) << message;
#endif
    EXPECT_NE(message.find("/etc/postureguard/boards/pi5.toml"), std::string::npos) << message;
}
