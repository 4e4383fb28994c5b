// The control half of the tick loop: commands from the queue, alerts on the fake
// indicator, results and state for MQTT — on a ManualClock.
#include "control/edge_control.hpp"
#include "indicator/fake_indicator.hpp"
#include "wait_until.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace pg;
using namespace pg::test;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kT0 = 1741593600000;  // 2025-03-10 08:00 UTC

struct Harness {
    explicit Harness(GpioConfig gpio = {}) : clock(kT0), timeline(std::make_shared<FakeTimeline>()) {
        ControlOptions o;
        o.device = "desk-1";
        o.timezone = "UTC";
        o.cadence = 1s;
        o.alert.break_after = 0ms;
        o.gpio = gpio;
        ControlHooks h;
        h.publish_state = [this](const std::string& j) { states.push_back(nlohmann::json::parse(j)); };
        h.publish_result = [this](const std::string& j) { results.push_back(nlohmann::json::parse(j)); };
        h.calibrate = [this](std::int64_t t) { calibrations.push_back(t); };
        control = std::make_unique<EdgeControl>(o, std::make_unique<FakeIndicator>(timeline), clock, h);
    }
    void command(std::string_view payload) { EdgeControl::submit(*control->inbox(), payload); }
    // Ticks once per second for `seconds`, collecting events.
    void run(PostureState s, int seconds) {
        for (int i = 0; i < seconds; ++i) {
            Sample sample;
            sample.t_ms = clock.now_ms();
            sample.state = s;
            for (const auto& e : control->tick(sample, true)) events.push_back(e);
            clock.advance_ms(1000);
        }
    }
    int count(EventType type) const {
        int n = 0;
        for (const auto& e : events) n += e.type == type;
        return n;
    }

    ManualClock clock;
    std::shared_ptr<FakeTimeline> timeline;
    std::unique_ptr<EdgeControl> control;
    std::vector<nlohmann::json> states, results;
    std::vector<std::int64_t> calibrations;
    std::vector<Event> events;
};

}  // namespace

TEST(EdgeControl, SnoozeCommandStopsAlertsAndIsAcknowledged) {
    Harness h;
    h.run(PostureState::slouch, 40);
    EXPECT_EQ(h.count(EventType::alert), 1);
    h.command(R"({"cmd":"snooze","minutes":20,"id":"s1"})");
    h.run(PostureState::slouch, 19 * 60);
    EXPECT_EQ(h.count(EventType::alert), 1);
    EXPECT_EQ(h.count(EventType::snooze), 1);
    ASSERT_EQ(h.results.size(), 1u);
    EXPECT_EQ(h.results[0], nlohmann::json::parse(R"({"id":"s1","cmd":"snooze","ok":true,"snoozed_until":"2025-03-10T08:20:40.000+00:00"})"));
    // The retained state says until when.
    EXPECT_EQ(h.states.back()["snoozed_until"], "2025-03-10T08:20:40.000+00:00");

    h.command(R"({"cmd":"resume"})");
    h.run(PostureState::slouch, 1);
    EXPECT_EQ(h.count(EventType::resume), 1);
    EXPECT_EQ(h.count(EventType::alert), 2);  // still slouching: alert at once
    EXPECT_TRUE(h.states.back()["snoozed_until"].is_null());
}

TEST(EdgeControl, MalformedCommandsAreRefusedAndChangeNothing) {
    Harness h;
    for (const char* bad : {"{", R"({"cmd":"snooze","minutes":"ten","id":"b1"})", R"({"cmd":"format_disk"})",
                            R"({"cmd":"resume","extra":1})"})
        h.command(bad);
    h.run(PostureState::slouch, 40);
    ASSERT_EQ(h.results.size(), 4u);
    for (const auto& r : h.results) {
        EXPECT_EQ(r["ok"], false);
        EXPECT_FALSE(r["error"].get<std::string>().empty());
    }
    EXPECT_EQ(h.results[1]["id"], "b1");
    EXPECT_EQ(h.results[1]["error"], "\"minutes\" must be an integer");
    EXPECT_EQ(h.count(EventType::snooze), 0);
    EXPECT_EQ(h.count(EventType::alert), 1);  // alerting went on as before
}

TEST(EdgeControl, CalibrateAndBuzzTest) {
    Harness h;
    h.command(R"({"cmd":"calibrate","id":1})");
    h.command(R"({"cmd":"buzz_test","id":2})");
    h.run(PostureState::good, 1);
    EXPECT_EQ(h.calibrations, std::vector<std::int64_t>{kT0});
    ASSERT_EQ(h.results.size(), 2u);
    EXPECT_EQ(h.results[1], nlohmann::json::parse(R"({"id":2,"cmd":"buzz_test","ok":true})"));
    ASSERT_TRUE(wait_until([&] { return h.timeline->buzzer_on(); }));
}

TEST(EdgeControl, StateIsPublishedOnChangeAndRefreshed) {
    Harness h;
    h.run(PostureState::good, 30);
    ASSERT_EQ(h.states.size(), 1u);
    EXPECT_EQ(h.states[0]["state"], "good");
    EXPECT_EQ(h.states[0]["since"], "2025-03-10T08:00:00.000+00:00");
    h.run(PostureState::slouch, 40);
    ASSERT_EQ(h.states.size(), 2u);
    EXPECT_EQ(h.states[1]["state"], "slouch");
    EXPECT_EQ(h.states[1]["since"], "2025-03-10T08:00:30.000+00:00");
    EXPECT_EQ(h.states[1]["calibrated"], true);
    h.run(PostureState::slouch, 60);  // unchanged: once more, as the 60 s refresh
    EXPECT_EQ(h.states.size(), 3u);
}

TEST(EdgeControl, InjectedFaultThrowsOnlyWhileBuzzing) {
    GpioConfig g;
    g.backend = "fake";
    g.fake_fault = "throw_while_buzzing";
    Harness h(g);
    h.run(PostureState::good, 5);  // quiet: no fault
    h.command(R"({"cmd":"buzz_test"})");
    bool thrown = false;
    ASSERT_TRUE(wait_until([&] {
        try {
            h.run(PostureState::good, 1);
        } catch (const std::runtime_error&) {
            thrown = true;
        }
        return thrown;
    }));
    EXPECT_TRUE(h.timeline->buzzer_on());  // it threw mid-buzz
    h.control.reset();  // what unwinding does: the driver drives the outputs off
    EXPECT_FALSE(h.timeline->buzzer_on());
}
