// Pause, resume, the schedule and "until" snoozes in the control, on a
// ManualClock: what each command does to the ticks that follow, its result,
// and the state topic's paused_by / paused_until.
#include "control/edge_control.hpp"
#include "indicator/fake_indicator.hpp"
#include "wait_until.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace pg;
using namespace pg::test;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kT0 = 1741593600000;  // Monday 2025-03-10 08:00 UTC

struct Loop {
    explicit Loop(std::string schedule = {}, std::string zone = "UTC")
        : clock(kT0), timeline(std::make_shared<FakeTimeline>()) {
        ControlOptions o;
        o.device = "desk-1";
        o.timezone = zone;
        o.cadence = 1s;
        o.alert.break_after = 0ms;
        o.schedule = std::move(schedule);
        o.analyzer = "blazeface";
        ControlHooks h;
        h.publish_state = [this](const std::string& j) { states.push_back(nlohmann::json::parse(j)); };
        h.publish_result = [this](const std::string& j) { results.push_back(nlohmann::json::parse(j)); };
        h.calibrate = [this](std::int64_t t) { calibrations.push_back(t); };
        control = std::make_unique<EdgeControl>(o, std::make_unique<FakeIndicator>(timeline), clock, h);
    }
    void command(std::string_view payload) { EdgeControl::submit(*control->inbox(), payload); }
    // As the runner does: poll, then a paused sample or the posture seen.
    void run(PostureState seen, int seconds) {
        for (int i = 0; i < seconds; ++i) {
            const PauseStatus p = control->poll();
            Sample s;
            s.t_ms = clock.now_ms();
            s.state = p.paused ? PostureState::paused : seen;
            paused_ticks += p.paused;
            for (const auto& e : control->tick(s, true)) events.push_back(e);
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
    int paused_ticks = 0;
};

}  // namespace

TEST(PauseControl, TimedPauseStopsAlertsAndEndsOnTime) {
    Loop l;
    l.command(R"({"cmd":"pause","minutes":10,"id":"p"})");
    l.run(PostureState::slouch, 15 * 60);
    EXPECT_EQ(l.paused_ticks, 600);  // exactly ten minutes of ticks
    ASSERT_FALSE(l.results.empty());
    EXPECT_EQ(l.results[0], nlohmann::json::parse(
                                R"({"id":"p","cmd":"pause","ok":true,"paused_until":"2025-03-10T08:10:00.000+00:00"})"));
    // No alert in the pause; slouching after it alerts after the hold (30 s).
    ASSERT_EQ(l.count(EventType::alert), 1);
    for (const auto& e : l.events) {
        if (e.type == EventType::alert) {
            EXPECT_EQ(e.t_ms, kT0 + 10 * 60000 + 29000);
        }
    }
    bool said_paused = false;
    for (const auto& s : l.states)
        if (s["state"] == "paused") {
            said_paused = true;
            EXPECT_EQ(s["paused_by"], "command");
            EXPECT_EQ(s["paused_until"], "2025-03-10T08:10:00.000+00:00");
        }
    EXPECT_TRUE(said_paused);
    EXPECT_TRUE(l.states.back()["paused_by"].is_null());
}

TEST(PauseControl, IndefinitePauseUntilResumeAndNoBreakReminders) {
    Loop l;
    l.command(R"({"cmd":"pause"})");
    l.run(PostureState::slouch, 3 * 3600);
    EXPECT_EQ(l.paused_ticks, 3 * 3600);
    EXPECT_EQ(l.count(EventType::alert), 0);
    EXPECT_EQ(l.count(EventType::break_reminder), 0);
    EXPECT_TRUE(l.states.back()["paused_until"].is_null());
    l.command(R"({"cmd":"resume","id":"r"})");
    l.run(PostureState::slouch, 60);
    EXPECT_EQ(l.paused_ticks, 3 * 3600);
    EXPECT_EQ(l.results.back(), nlohmann::json::parse(R"({"id":"r","cmd":"resume","ok":true})"));
    EXPECT_EQ(l.count(EventType::alert), 1);
}

TEST(PauseControl, UntilALocalTimeInTheDeviceZone) {
    Loop l({}, "Europe/Berlin");  // 08:00 UTC = 09:00 CET
    l.command(R"({"cmd":"pause","until":"09:30"})");
    l.run(PostureState::good, 1);
    EXPECT_EQ(l.results[0]["paused_until"], "2025-03-10T09:30:00.000+01:00");
    l.run(PostureState::good, 30 * 60);
    EXPECT_EQ(l.paused_ticks, 30 * 60);  // 09:00:00 .. 09:29:59
    l.command(R"({"cmd":"pause","until":"08:00"})");  // passed today: tomorrow's
    l.run(PostureState::good, 1);
    EXPECT_EQ(l.results.back()["paused_until"], "2025-03-11T08:00:00.000+01:00");
}

TEST(PauseControl, ScheduleOutsideIsPausedAndResumeCannotOverrideIt) {
    Loop l("Mon-Fri 09:00-17:00");  // UTC; now Monday 08:00
    l.run(PostureState::good, 1);
    EXPECT_EQ(l.states.back()["state"], "paused");
    EXPECT_EQ(l.states.back()["paused_by"], "schedule");
    EXPECT_EQ(l.states.back()["paused_until"], "2025-03-10T09:00:00.000+00:00");
    l.command(R"({"cmd":"resume","id":"r"})");
    l.run(PostureState::good, 1);
    EXPECT_EQ(l.results.back()["paused_by"], "schedule");
    l.command(R"({"cmd":"calibrate","id":"c"})");
    l.run(PostureState::good, 3600 - 2);
    EXPECT_EQ(l.results.back(), nlohmann::json::parse(
        R"({"id":"c","cmd":"calibrate","ok":false,"error":"monitoring is paused: resume first, then calibrate"})"));
    EXPECT_TRUE(l.calibrations.empty());
    EXPECT_EQ(l.paused_ticks, 3600);
    l.run(PostureState::good, 10);
    EXPECT_EQ(l.paused_ticks, 3600);  // 09:00 on: watching
    EXPECT_EQ(l.states.back()["state"], "good");
}

TEST(PauseControl, ATimedPauseEndingOutsideTheScheduleLastsUntilItsStart) {
    Loop l("Mon-Fri 08:00-09:00, Mon-Fri 10:00-11:00");
    l.command(R"({"cmd":"pause","minutes":30})");
    l.run(PostureState::good, 1);
    EXPECT_EQ(l.results[0]["paused_until"], "2025-03-10T08:30:00.000+00:00");
    l.command(R"({"cmd":"pause","minutes":90})");  // ends at 09:30, outside: until 10:00
    l.run(PostureState::good, 1);
    EXPECT_EQ(l.results[1]["paused_until"], "2025-03-10T10:00:00.000+00:00");
}

TEST(PauseControl, SnoozeUntilTomorrowIsTheNextScheduleStartOrMidnight) {
    Loop none;
    none.command(R"({"cmd":"snooze","until":"tomorrow"})");
    none.run(PostureState::good, 1);
    EXPECT_EQ(none.results[0]["snoozed_until"], "2025-03-11T00:00:00.000+00:00");
    ASSERT_EQ(none.count(EventType::snooze), 1);
    EXPECT_EQ(none.events[0].value, 16 * 60);

    Loop work("Mon-Fri 08:00-18:30");
    work.clock.set_ms(kT0 + 4LL * 86'400'000 + 9 * 3'600'000);  // Friday 17:00
    work.command(R"({"cmd":"snooze","until":"tomorrow","id":"t"})");
    work.run(PostureState::good, 1);
    EXPECT_EQ(work.results[0]["snoozed_until"], "2025-03-17T08:00:00.000+00:00");  // Monday
}

TEST(PauseControl, StatusAnswersTheLocalCallerOnly) {
    Loop l;
    l.run(PostureState::good, 5);
    ParsedCommand p = parse_command(R"({"cmd":"status","id":7})");
    ASSERT_TRUE(p.command);
    p.command->origin = CommandOrigin::local;
    std::string reply;
    p.reply = [&](const std::string& r) { reply = r; };
    const auto results_before = l.results.size();
    ASSERT_TRUE(l.control->inbox()->push(p));
    l.run(PostureState::good, 1);
    EXPECT_EQ(l.results.size(), results_before);  // not published over MQTT
    auto j = nlohmann::json::parse(reply);
    EXPECT_EQ(j["id"], 7);
    EXPECT_EQ(j["ok"], true);
    EXPECT_EQ(j["analyzer"], "blazeface");
    EXPECT_EQ(j["status"]["state"], "good");
    EXPECT_EQ(j["status"]["calibrated"], true);
    EXPECT_TRUE(j["status"]["paused_by"].is_null());
}

TEST(PauseControl, DoublePressTogglesThePause) {
    Loop l;
    // Through the real driver thread: edges with their own (monotonic-like) times.
    auto press_twice = [&](std::int64_t at) {
        l.timeline->press({at, true});
        l.timeline->press({at + 100, false});
        l.timeline->press({at + 200, true});
        l.timeline->press({at + 300, false});
    };
    press_twice(1000);
    ASSERT_TRUE(wait_until([&] {
        l.run(PostureState::good, 1);
        return !l.states.empty() && l.states.back()["state"] == "paused";
    }));
    EXPECT_EQ(l.states.back()["paused_by"], "button");
    EXPECT_EQ(l.count(EventType::snooze), 0);  // not taken for two short presses
    press_twice(5000);
    ASSERT_TRUE(wait_until([&] {
        l.run(PostureState::good, 1);
        return l.states.back()["state"] == "good";
    }));
    EXPECT_EQ(l.count(EventType::snooze), 0);
}
