// The retained state message: formatting (pure) and when it is (re)published.
#include "control/state_json.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace pg;
using namespace std::chrono_literals;

TEST(StateJson, FormatsEveryField) {
    DeviceStatus s;
    s.device = "desk-1";
    s.sample.t_ms = 1741593600600;  // 2025-03-10 08:00:00.600 UTC
    s.sample.state = PostureState::forward_head;
    s.sample.score = 62;
    s.sample.width_c = 112;
    s.sample.drop_c = -4;
    s.sample.pitch_deg = 9;
    s.sample.roll_deg = -2;
    s.since_ms = 1741593540000;
    s.calibrated = true;
    s.snoozed_until_ms = 1741595400000;
    s.alert_level = 2;
    s.camera_moved = true;
    EXPECT_EQ(format_state_json(s, "Europe/Berlin"),
              R"({"device":"desk-1","state":"forward_head","score":62,)"
              R"("metrics":{"width":1.12,"drop":-0.04,"pitch":9,"roll":-2},)"
              R"("since":"2025-03-10T08:59:00.000+01:00","calibrated":true,)"
              R"("snoozed_until":"2025-03-10T09:30:00.000+01:00","paused_by":null,"paused_until":null,)"
              R"("quiet_hours":false,"alert_level":2,)"
              R"("camera_moved":true,"t":"2025-03-10T09:00:00.600+01:00"})");
    s.snoozed_until_ms.reset();
    auto j = nlohmann::json::parse(format_state_json(s, "UTC"));
    EXPECT_TRUE(j["snoozed_until"].is_null());
    EXPECT_EQ(j["since"], "2025-03-10T07:59:00.000+00:00");
}

TEST(StateJson, Iso8601FollowsDst) {
    EXPECT_EQ(iso8601(1751356800000, "Europe/Berlin"), "2025-07-01T10:00:00.000+02:00");
    EXPECT_EQ(iso8601(1751356800000, "No/Such_Zone"), "2025-07-01T08:00:00.000+00:00");
}

TEST(StateThrottle, AtOnceOnChangeAtMostOncePerSecondAndRefreshedEveryMinute) {
    StateThrottle t(1s, 60s);
    EXPECT_TRUE(t.due(0, "good"));
    t.published(0, "good");
    EXPECT_FALSE(t.due(600, "good"));
    EXPECT_FALSE(t.due(600, "slouch"));  // a change within a second waits
    EXPECT_TRUE(t.due(1000, "slouch"));
    t.published(1000, "slouch");
    EXPECT_FALSE(t.due(59999, "slouch"));
    EXPECT_TRUE(t.due(61000, "slouch"));  // the periodic refresh
}
