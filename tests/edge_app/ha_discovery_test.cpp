// The discovery message against Home Assistant's documented schema
// (tests/support/ha_schema.*), and the contract of what its entities send.
#include "app/ha_discovery.hpp"

#include "app/ha_entities.hpp"
#include "control/command.hpp"
#include "ha_schema.hpp"
#include "pg/posture_state.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

using namespace pg;
using json = nlohmann::json;

namespace {

HaDiscoveryInfo info() {
    HaDiscoveryInfo i{"desk-1", "postureguard", "homeassistant", "1.2.3"};
    i.timing.stats_interval = std::chrono::seconds(20);
    return i;
}

json discovery(const HaDiscoveryInfo& i = info()) { return json::parse(ha_discovery_payload(i)); }

test::HaContext context() {
    return {{"postureguard/desk-1/state", "postureguard/desk-1/stats", "postureguard/desk-1/event",
             "postureguard/desk-1/availability"},
            {"postureguard/desk-1/cmd"}};
}

std::string problems(const json& d) {
    std::string all;
    for (const auto& p : test::ha_validate_device_discovery(d, context())) all += p + "\n";
    return all;
}

// The command contract (edge/common/STATE-AND-COMMANDS.md): command -> allowed fields.
bool valid_command(const json& c) {
    if (!c.is_object() || !c.contains("cmd") || !c["cmd"].is_string()) return false;
    const std::string cmd = c["cmd"];
    for (const auto& [k, v] : c.items()) {
        if (k == "cmd" || k == "id") continue;
        if (cmd == "snooze" && k == "minutes" && v.is_number_integer() && v >= 1 && v <= 1440) continue;
        if ((cmd == "snooze" || cmd == "pause") && k == "until" && v == "tomorrow") continue;
        if (cmd == "pause" && k == "minutes" && v.is_number_integer() && v >= 1) continue;
        return false;
    }
    if (c.contains("minutes") && c.contains("until")) return false;
    return cmd == "calibrate" || cmd == "snooze" || cmd == "resume" || cmd == "buzz_test" || cmd == "pause";
}

// Every command an entity sends is one this edge's own parser takes.
void expect_command(const std::string& payload, const std::string& where) {
    json c = json::parse(payload, nullptr, false);
    EXPECT_TRUE(valid_command(c)) << where << ": " << payload;
    EXPECT_TRUE(parse_command(payload).command.has_value()) << where << ": " << parse_command(payload).error;
}

}  // namespace

TEST(HaDiscovery, MatchesHomeAssistantsDocumentedSchema) {
    json d = discovery();
    EXPECT_EQ(problems(d), "");
    EXPECT_EQ(ha_discovery_topic(info()), "homeassistant/device/desk-1/config");
    EXPECT_GE(d["cmps"].size(), 20u);
}

TEST(HaDiscovery, TheSchemaTableCatchesWhatHomeAssistantWouldIgnore) {
    // Each mutation is a mistake Home Assistant would swallow silently.
    auto broken = [](auto mutate) {
        json d = discovery();
        mutate(d);
        return test::ha_validate_device_discovery(d, context());
    };
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["score"]["stat_tt"] = "x"; }).empty());               // typo
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["score"].erase("stat_t"); }).empty());                // required
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["score"]["stat_t"] = "postureguard/x/state"; }).empty());  // not ours
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["calibrate"]["cmd_t"] = "postureguard/desk-1/state"; }).empty());
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["bad_posture"]["dev_cla"] = "problems"; }).empty());
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["score"]["exp_aft"] = "180"; }).empty());            // type
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["score"].erase("exp_aft"); }).empty());
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["event"].erase("evt_typ"); }).empty());
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["fps"]["uniq_id"] = d["cmps"]["cpu"]["uniq_id"]; }).empty());
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["score"]["state_topic"] = d["cmps"]["score"]["stat_t"]; }).empty());
    EXPECT_FALSE(broken([](json& d) { d.erase("o"); }).empty());
    EXPECT_FALSE(broken([](json& d) { d["dev"]["model"] = d["dev"]["mdl"]; d["dev"]["modell"] = "x"; }).empty());
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["uptime"]["stat_cla"] = "increasing"; }).empty());
    EXPECT_FALSE(broken([](json& d) { d["cmps"]["snooze"]["name"] = "x"; }).empty());
}

TEST(HaDiscovery, DeviceOriginAndTheMainEntity) {
    HaDiscoveryInfo i = info();
    i.support_url = "https://example.org/postureguard";
    json d = discovery(i);
    EXPECT_EQ(problems(d), "");
    EXPECT_EQ(d["dev"]["ids"][0], "postureguard_desk-1");
    EXPECT_EQ(d["dev"]["name"], "Posture Guard desk-1");
    EXPECT_EQ(d["dev"]["sw"], "1.2.3");
    EXPECT_TRUE(d["dev"].contains("mf") && d["dev"].contains("mdl"));
    EXPECT_EQ(d["o"]["sw"], "1.2.3");
    EXPECT_EQ(d["o"]["url"], "https://example.org/postureguard");
    EXPECT_FALSE(discovery()["o"].contains("url"));  // none configured: none announced
    EXPECT_EQ(d["avty_t"], "postureguard/desk-1/availability");
    // The posture state is the device's main feature: a null name.
    EXPECT_TRUE(d["cmps"]["posture"]["name"].is_null());
    int unnamed = 0;
    for (auto& [k, e] : d["cmps"].items()) unnamed += e.contains("name") && e["name"].is_null();
    EXPECT_EQ(unnamed, 1);
    json states = d["cmps"]["posture"]["ops"];
    EXPECT_EQ(states.size(), static_cast<std::size_t>(kPostureStateCount));
    EXPECT_NE(std::find(states.begin(), states.end(), "paused"), states.end());
}

TEST(HaDiscovery, EntitiesFedByStateOrStatsExpireWhenTheDeviceFallsSilent) {
    json d = discovery();
    for (auto& [k, e] : d["cmps"].items()) {
        if (!e.contains("stat_t")) continue;
        if (e["p"] != "sensor" && e["p"] != "binary_sensor") EXPECT_FALSE(e.contains("exp_aft")) << k;
        else if (e["stat_t"] == "postureguard/desk-1/state") EXPECT_EQ(e["exp_aft"], 180) << k;  // 3 × 60 s refresh
        else if (e["stat_t"] == "postureguard/desk-1/stats") EXPECT_EQ(e["exp_aft"], 60) << k;  // 3 × 20 s
        else EXPECT_FALSE(e.contains("exp_aft")) << k;  // events have no state to expire
    }
}

TEST(HaDiscovery, TheEntitiesAUserExpects) {
    json c = discovery()["cmps"];
    auto is = [&](const char* id, const char* platform) { return c.contains(id) && c[id]["p"] == platform; };
    EXPECT_TRUE(is("posture", "sensor"));
    EXPECT_TRUE(is("event", "event"));
    EXPECT_TRUE(is("monitoring", "switch"));
    EXPECT_TRUE(is("at_desk", "binary_sensor"));
    EXPECT_EQ(c["at_desk"]["dev_cla"], "occupancy");
    EXPECT_TRUE(is("camera_moved", "binary_sensor"));
    EXPECT_EQ(c["camera_moved"]["dev_cla"], "problem");
    EXPECT_TRUE(is("calibrate", "button"));
    EXPECT_TRUE(is("buzz_test", "button"));
    EXPECT_TRUE(is("snooze_preset", "select"));
    EXPECT_EQ(c["snooze_preset"]["ops"], json({"off", "30 min", "1 h", "until tomorrow"}));
    EXPECT_TRUE(is("alerts_today", "sensor"));
    EXPECT_EQ(c["alerts_today"]["stat_cla"], "total_increasing");
    EXPECT_EQ(c["snooze"], json({{"p", "number"}}));  // the old Snooze number, removed
    for (const char* diag : {"analyzer", "analyzer_fallback", "fps", "cpu", "outbox_depth", "uptime", "version",
                             "analysis_ms", "cpu_temp", "broker"}) {
        ASSERT_TRUE(c.contains(diag)) << diag;
        EXPECT_EQ(c[diag]["ent_cat"], "diagnostic") << diag;
    }
    // The switch reads ON/OFF from its template, never its command payloads.
    EXPECT_EQ(c["monitoring"]["stat_on"], "ON");
    EXPECT_EQ(c["monitoring"]["stat_off"], "OFF");
}

TEST(HaDiscovery, EveryCommandItSendsFollowsTheCommandContract) {
    json c = discovery()["cmps"];
    expect_command(c["calibrate"]["pl_prs"], "calibrate");
    expect_command(c["buzz_test"]["pl_prs"], "buzz_test");
    expect_command(c["monitoring"]["pl_on"], "monitoring on");
    expect_command(c["monitoring"]["pl_off"], "monitoring off");
    EXPECT_EQ(json::parse(c["monitoring"]["pl_off"].get<std::string>()), json({{"cmd", "pause"}}));
    EXPECT_EQ(json::parse(c["monitoring"]["pl_on"].get<std::string>()), json({{"cmd", "resume"}}));
    // The select's template: each option's branch holds one command.
    const std::string tpl = c["snooze_preset"]["cmd_tpl"];
    std::vector<std::string> commands;
    for (std::size_t p = tpl.find("%}"); p != std::string::npos; p = tpl.find("%}", p + 2)) {
        const auto end = tpl.find("{%", p);
        if (end == std::string::npos) break;
        if (end > p + 2) commands.push_back(tpl.substr(p + 2, end - p - 2));
    }
    ASSERT_EQ(commands.size(), 4u) << tpl;
    for (const auto& cmd : commands) expect_command(cmd, "snooze select");
    EXPECT_EQ(json::parse(commands[0]), json({{"cmd", "resume"}}));
    EXPECT_EQ(json::parse(commands[1]), json({{"cmd", "snooze"}, {"minutes", 30}}));
    EXPECT_EQ(json::parse(commands[2]), json({{"cmd", "snooze"}, {"minutes", 60}}));
    EXPECT_EQ(json::parse(commands[3]), json({{"cmd", "snooze"}, {"until", "tomorrow"}}));
}

TEST(HaDiscovery, TheEventEntityKnowsEveryEventTheEdgePublishes) {
    json types = discovery()["cmps"]["event"]["evt_typ"];
    EXPECT_EQ(types, ha_event_types());
    for (int e = 0; e < kEventTypeCount; ++e)
        EXPECT_NE(std::find(types.begin(), types.end(), std::string(to_string(static_cast<EventType>(e)))), types.end());
    for (const char* must : {"alert", "break_reminder", "camera_moved"})
        EXPECT_NE(std::find(types.begin(), types.end(), must), types.end()) << must;
}
