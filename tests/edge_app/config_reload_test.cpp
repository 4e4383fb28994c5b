// SIGHUP: what a reloaded config changes now, and what needs a restart.
#include "app/config_reload.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace pg;

namespace {

bool has(const std::vector<std::string>& v, const std::string& k) { return std::find(v.begin(), v.end(), k) != v.end(); }

}  // namespace

TEST(ConfigReload, AlertsScheduleAndLogLevelApplyTheRestIsKept) {
    EdgeConfig running;
    running.device_id = "desk-1";
    running.source = "libcamera";
    running.mqtt.password = "old-secret";
    EdgeConfig fresh = running;
    fresh.alert.hold = std::chrono::seconds(45);
    fresh.alert.quiet_hours = "22:00-07:00";
    fresh.schedule = "Mon-Fri 08:00-18:00";
    fresh.log_level = "debug";
    fresh.device_id = "desk-2";
    fresh.source = "v4l2:/dev/video0";
    fresh.mqtt.password = "new-secret";
    fresh.cadence = std::chrono::milliseconds(1000);

    ReloadPlan plan = plan_reload(running, fresh);
    EXPECT_TRUE(has(plan.applied, "alert.hold"));
    EXPECT_TRUE(has(plan.applied, "alert.quiet_hours"));
    EXPECT_TRUE(has(plan.applied, "monitoring.schedule"));
    EXPECT_TRUE(has(plan.applied, "device.log_level"));
    for (const char* k : {"device.id", "camera.source", "mqtt.password", "analysis.cadence"})
        EXPECT_TRUE(has(plan.needs_restart, k)) << k;
    EXPECT_EQ(plan.applied.size() + plan.needs_restart.size(), 8u);
    // The next running config: the new alerts and schedule, the old identity.
    EXPECT_EQ(plan.next.alert.hold, std::chrono::seconds(45));
    EXPECT_EQ(plan.next.schedule, "Mon-Fri 08:00-18:00");
    EXPECT_EQ(plan.next.device_id, "desk-1");
    EXPECT_EQ(plan.next.source, "libcamera");
    EXPECT_EQ(plan.next.mqtt.password, "old-secret");
    EXPECT_EQ(plan.next.cadence, std::chrono::milliseconds(600));
}

TEST(ConfigReload, AnUnchangedFileChangesNothing) {
    EdgeConfig c;
    c.schedule = "Sat 10:00-12:00";
    ReloadPlan plan = plan_reload(c, c);
    EXPECT_TRUE(plan.applied.empty());
    EXPECT_TRUE(plan.needs_restart.empty());
}
