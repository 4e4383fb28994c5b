#include "app/ha_discovery.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

using namespace pg;
using json = nlohmann::json;

namespace {
json discovery() {
    return json::parse(ha_discovery_payload({"desk-1", "postureguard", "homeassistant", "1.2.3"}));
}
}  // namespace

TEST(HaDiscovery, IsDeviceBasedWithAvailabilityOnTheLastWill) {
    EXPECT_EQ(ha_discovery_topic({"desk-1", "postureguard", "homeassistant", "x"}), "homeassistant/device/desk-1/config");
    json d = discovery();
    EXPECT_EQ(d["avty_t"], "postureguard/desk-1/availability");
    EXPECT_EQ(d["pl_avail"], "online");
    EXPECT_EQ(d["pl_not_avail"], "offline");
    EXPECT_EQ(d["dev"]["ids"][0], "postureguard_desk-1");
    EXPECT_EQ(d["dev"]["sw"], "1.2.3");
    EXPECT_EQ(d["o"]["name"], "postureguard");
}

TEST(HaDiscovery, EveryEntityHasItsRequiredFieldsAndAUniqueId) {
    json d = discovery();
    std::set<std::string> ids;
    for (auto& [key, e] : d["cmps"].items()) {
        ASSERT_TRUE(e.contains("p")) << key;
        ASSERT_TRUE(e.contains("unique_id")) << key;
        ASSERT_TRUE(e.contains("name")) << key;
        EXPECT_TRUE(ids.insert(e["unique_id"].get<std::string>()).second) << "duplicate id " << e["unique_id"];
        const std::string platform = e["p"];
        if (platform == "sensor" || platform == "binary_sensor") {
            EXPECT_TRUE(e.contains("stat_t")) << key;
            EXPECT_TRUE(e.contains("val_tpl")) << key;
        } else if (platform == "button") {
            EXPECT_EQ(e["cmd_t"], "postureguard/desk-1/cmd") << key;
            EXPECT_TRUE(e.contains("pl_prs")) << key;
        } else if (platform == "number") {
            EXPECT_EQ(e["cmd_t"], "postureguard/desk-1/cmd") << key;
            EXPECT_TRUE(e.contains("min") && e.contains("max")) << key;
        } else {
            ADD_FAILURE() << key << ": unexpected platform " << platform;
        }
    }
    for (const char* want : {"posture", "score", "bad_posture", "good_today", "fps", "analysis_ms", "calibrate", "snooze"})
        EXPECT_TRUE(d["cmps"].contains(want)) << want;
    EXPECT_EQ(d["cmps"]["bad_posture"]["dev_cla"], "problem");
    EXPECT_EQ(d["cmps"]["fps"]["ent_cat"], "diagnostic");
}

TEST(HaDiscovery, CommandsItSendsAreOnesTheEdgeAccepts) {
    json d = discovery();
    auto press = json::parse(d["cmps"]["calibrate"]["pl_prs"].get<std::string>());
    EXPECT_EQ(press["cmd"], "calibrate");
    // The snooze template renders to {"cmd":"snooze","minutes":N}.
    std::string tpl = d["cmps"]["snooze"]["cmd_tpl"];
    auto pos = tpl.find("{{ value | int }}");
    ASSERT_NE(pos, std::string::npos);
    tpl.replace(pos, 17, "15");
    auto cmd = json::parse(tpl);
    EXPECT_EQ(cmd["cmd"], "snooze");
    EXPECT_EQ(cmd["minutes"], 15);
}
