// Home Assistant finds the device by itself: what a real broker retains under
// homeassistant/# after a run, checked against Home Assistant's documented
// discovery schema (tests/support/ha_schema.*) and its templates rendered with
// Jinja (ha_templates.py) against the messages the edge really sent; events as
// they happen; and discovery turned off or the device removed leaves nothing.
#include "ha_schema.hpp"
#include "system_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace pg::test;

namespace {

std::string port_of(const std::string& address) { return address.substr(address.rfind(':') + 1); }

// Every retained message below `filter`: topic -> payload.
std::map<std::string, std::string> retained(const std::string& address, const std::string& filter) {
    auto r = run_command({"mosquitto_sub", "-h", "127.0.0.1", "-p", port_of(address), "-t", filter, "-v",
                          "--retained-only", "-W", "2"},
                         std::chrono::seconds(10));
    std::map<std::string, std::string> out;
    std::istringstream in(r.out);
    std::string line;
    while (std::getline(in, line)) {
        auto space = line.find(' ');
        if (space == std::string::npos) out[line] = "";  // an empty payload is no retained message
        else out[line.substr(0, space)] = line.substr(space + 1);
    }
    return out;
}

// "topic payload" lines of a `mosquitto_sub -v` log: payloads of `topic`.
std::vector<nlohmann::json> messages(const std::string& log, const std::string& topic) {
    std::vector<nlohmann::json> out;
    std::istringstream in(log);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(topic + " ", 0) == 0) out.push_back(nlohmann::json::parse(line.substr(topic.size() + 1)));
    return out;
}

HaContext context_of(const std::string& device) {
    const std::string base = "postureguard/" + device + "/";
    return {{base + "state", base + "stats", base + "event", base + "availability"}, {base + "cmd"}};
}

}  // namespace

class HomeAssistant : public SystemFixture {
protected:
    CommandResult edge(const std::string& device, const std::string& state_dir, const std::string& source,
                       std::vector<std::string> extra = {}) {
        std::vector<std::string> argv{PG_EDGE_BIN, "--source", source, "--cadence", "10s", "--speed", "max",
                                      "--broker", broker_->address(), "--device", device, "--state-dir", state_dir};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return run_command(argv, std::chrono::seconds(300));
    }
    std::string config(const std::string& name, const std::string& text) {
        std::string path = tmp_.path + "/" + name;
        std::ofstream(path) << text;
        return path;
    }
};

TEST_F(HomeAssistant, RetainsADiscoveryThatHomeAssistantAcceptsAndSendsEventsAsTheyHappen) {
    std::string conf = config("edge.toml", "[mqtt]\nstats_interval = \"1s\"\n");
    // Events and stats are not retained: listen before the edge starts.
    ChildProcess live({"mosquitto_sub", "-h", "127.0.0.1", "-p", port_of(broker_->address()), "-v", "-t",
                       "postureguard/ha-desk/event", "-t", "postureguard/ha-desk/stats", "-W", "240"},
                      tmp_.path + "/live.out");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto r = run_edge("ha-desk", "sim:quick", "2s", {"--config", conf});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    live.signal(SIGTERM);
    live.wait(std::chrono::seconds(5));

    auto all = retained(broker_->address(), "homeassistant/#");
    ASSERT_EQ(all.size(), 1u) << "one device-based config, nothing else";
    ASSERT_EQ(all.begin()->first, "homeassistant/device/ha-desk/config");
    auto d = nlohmann::json::parse(all.begin()->second);
    std::string problems;
    for (const auto& p : ha_validate_device_discovery(d, context_of("ha-desk"))) problems += p + "\n";
    EXPECT_EQ(problems, "");
    EXPECT_TRUE(d["cmps"]["posture"]["name"].is_null());

    // What the entities read: the retained state, the stats, the events.
    auto state_msgs = retained(broker_->address(), "postureguard/ha-desk/state");
    ASSERT_EQ(state_msgs.size(), 1u);
    auto state = nlohmann::json::parse(state_msgs.begin()->second);
    EXPECT_EQ(state["camera_moved"], false);
    const std::string live_log = read_file(tmp_.path + "/live.out");
    auto events = messages(live_log, "postureguard/ha-desk/event");
    auto stats = messages(live_log, "postureguard/ha-desk/stats");
    ASSERT_FALSE(stats.empty());
    std::map<std::string, int> kinds;
    for (const auto& e : events) ++kinds[e.value("event_type", "?")];
    EXPECT_EQ(kinds["calibration"], 1);  // the scenario presses calibrate once
    ASSERT_GE(kinds["alert"], 1) << live_log;  // two minutes of forward head
    for (const auto& e : events) {
        if (e["event_type"] == "alert") {
            EXPECT_GE(e["alerts_today"].get<int>(), 1);
        }
    }
    EXPECT_EQ(stats.back()["alerts_today"], kinds["alert"]);

    // Every template, rendered as Home Assistant renders it, on these messages.
    std::ofstream(tmp_.path + "/config.json") << d.dump();
    std::ofstream(tmp_.path + "/state.json") << state.dump();
    std::ofstream(tmp_.path + "/stats.json") << stats.back().dump();
    std::vector<std::string> argv{"python3", std::string(PG_SOURCE_DIR) + "/tests/integration/ha_templates.py",
                                  tmp_.path + "/config.json", tmp_.path + "/state.json", tmp_.path + "/stats.json"};
    for (std::size_t i = 0; i < events.size(); ++i) {
        const std::string path = tmp_.path + "/event" + std::to_string(i) + ".json";
        std::ofstream(path) << events[i].dump();
        argv.push_back(path);
    }
    auto rendered = run_command(argv, std::chrono::seconds(60));
    if (rendered.exit_code == 77) GTEST_SKIP() << "templates not rendered: " << rendered.out;
    EXPECT_EQ(rendered.exit_code, 0) << rendered.out << rendered.err;
}

TEST_F(HomeAssistant, DiscoveryOffOrARenamedDeviceLeavesNoGhostBehind) {
    const std::string dir = tmp_.path + "/state";
    auto r = edge("desk-a", dir, "sim:quick,seed=1");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(retained(broker_->address(), "homeassistant/#").count("homeassistant/device/desk-a/config"), 1u);
    EXPECT_TRUE(std::filesystem::exists(dir + "/ha-discovery"));

    // Renamed: the old device goes, the new one comes.
    r = edge("desk-b", dir, "sim:quick,seed=2");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto all = retained(broker_->address(), "homeassistant/#");
    EXPECT_EQ(all.size(), 1u);
    EXPECT_EQ(all.count("homeassistant/device/desk-b/config"), 1u);

    // Discovery off: nothing left, even from a run that ends at once (the
    // simulation already done: no frame) while the broker is down: it waits
    // for the broker to take the clear, as it waits for its batches.
    std::string off = config("off.toml", "[homeassistant]\ndiscovery = false\n");
    const std::string address = broker_->address();
    broker_->stop();
    ChildProcess late({PG_EDGE_BIN, "--source", "sim:quick,seed=2", "--cadence", "10s", "--speed", "max", "--broker",
                       address, "--device", "desk-b", "--state-dir", dir, "--config", off},
                      tmp_.path + "/late.log");
    EXPECT_FALSE(late.wait(std::chrono::seconds(3)).has_value())
        << "gave up on the clear: " << read_file(tmp_.path + "/late.log");
    broker_->start();
    ASSERT_EQ(late.wait(std::chrono::seconds(60)), 0) << read_file(tmp_.path + "/late.log");
    EXPECT_NE(read_file(tmp_.path + "/late.log").find("clearing 1 discovery config"), std::string::npos);
    EXPECT_TRUE(retained(broker_->address(), "homeassistant/#").empty());
    EXPECT_FALSE(std::filesystem::exists(dir + "/ha-discovery"));
}

TEST_F(HomeAssistant, HaRemoveClearsTheDeviceAndSaysWhenTheBrokerIsAway) {
    const std::string dir = tmp_.path + "/state";
    auto r = edge("desk-r", dir, "sim:quick");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(retained(broker_->address(), "homeassistant/#").size(), 1u);
    const std::vector<std::string> remove{PG_EDGE_BIN, "ha-remove", "--broker", broker_->address(), "--device",
                                          "desk-r", "--state-dir", dir};
    // While its availability says online, a running pg-edge would announce it again.
    auto availability = [&](const char* payload) {
        return run_command({"mosquitto_pub", "-h", "127.0.0.1", "-p", port_of(broker_->address()), "-q", "1", "-r",
                            "-t", "postureguard/desk-r/availability", "-m", payload})
            .exit_code;
    };
    ASSERT_EQ(availability("online"), 0);
    r = run_command(remove, std::chrono::seconds(60));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("desk-r is online"), std::string::npos) << r.err;
    EXPECT_EQ(retained(broker_->address(), "homeassistant/#").size(), 1u);
    auto forced = remove;
    forced.push_back("--force");
    r = run_command(forced, std::chrono::seconds(60));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(retained(broker_->address(), "homeassistant/#").empty());
    // Offline, as a stopped pg-edge leaves it: no force needed (and clearing twice is harmless).
    ASSERT_EQ(availability("offline"), 0);
    r = run_command(remove, std::chrono::seconds(60));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("cleared homeassistant/device/desk-r/config"), std::string::npos) << r.out;
    EXPECT_TRUE(retained(broker_->address(), "homeassistant/#").empty());
    EXPECT_FALSE(std::filesystem::exists(dir + "/ha-discovery"));

    const std::string address = broker_->address();
    broker_.reset();
    r = run_command({PG_EDGE_BIN, "ha-remove", "--broker", address, "--device", "desk-r", "--state-dir", dir,
                     "--timeout", "2"},
                    std::chrono::seconds(60));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("could not reach the broker"), std::string::npos) << r.err;
}
