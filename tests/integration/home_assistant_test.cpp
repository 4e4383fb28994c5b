// Home Assistant finds the device by itself: the retained device-based
// discovery config over a real broker, re-sent when HA restarts, and the stats
// topic its diagnostic sensors read.
#include "system_fixture.hpp"

#include <fstream>
#include <set>

using namespace pg::test;

namespace {

std::vector<std::string> sub_once(const std::string& address, const std::string& topic, int seconds) {
    auto colon = address.rfind(':');
    auto r = run_command({"mosquitto_sub", "-h", address.substr(0, colon), "-p", address.substr(colon + 1), "-t", topic,
                          "-C", "1", "-W", std::to_string(seconds)},
                         std::chrono::seconds(seconds + 5));
    std::vector<std::string> lines;
    std::string line;
    std::istringstream in(r.out);
    while (std::getline(in, line))
        if (!line.empty()) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_F(SystemFixture, DiscoveryDescribesEveryEntityAndStatsFlow) {
    std::string conf = tmp_.path + "/edge.toml";
    std::ofstream(conf) << "[mqtt]\nstats_interval = \"1s\"\n";
    // Stats are not retained: listen before the edge starts.
    auto colon = broker_->address().rfind(':');
    ChildProcess stats_sub({"mosquitto_sub", "-h", "127.0.0.1", "-p", broker_->address().substr(colon + 1), "-t",
                            "postureguard/ha-desk/stats", "-C", "1", "-W", "120"},
                           tmp_.path + "/stats.out");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto r = run_edge("ha-desk", "sim:quick", "1s", {"--config", conf});
    ASSERT_EQ(r.exit_code, 0) << r.err;

    auto config = sub_once(broker_->address(), "homeassistant/device/ha-desk/config", 5);
    ASSERT_EQ(config.size(), 1u) << "no retained discovery config";
    auto d = nlohmann::json::parse(config[0]);
    EXPECT_EQ(d["avty_t"], "postureguard/ha-desk/availability");
    std::set<std::string> ids;
    for (auto& [key, e] : d["cmps"].items()) {
        EXPECT_TRUE(e.contains("p") && e.contains("name") && e.contains("unique_id")) << key;
        EXPECT_TRUE(ids.insert(e.value("unique_id", "")).second) << key;
        EXPECT_TRUE(e.contains("stat_t") || e.contains("cmd_t")) << key;
    }
    EXPECT_GE(ids.size(), 8u);

    // The availability the entities hang on was left `offline` by the clean exit.
    auto avail = sub_once(broker_->address(), "postureguard/ha-desk/availability", 5);
    ASSERT_EQ(avail.size(), 1u);
    EXPECT_EQ(avail[0], "offline");

    ASSERT_EQ(stats_sub.wait(std::chrono::seconds(10)), 0) << "no stats message";
    auto stats = nlohmann::json::parse(read_file(tmp_.path + "/stats.out"));
    for (const char* k : {"fps", "analysis_ms", "cpu_pct", "uptime_s", "outbox_depth", "version", "good_today_pct",
                          "analyzer", "analyzer_fallback"})
        EXPECT_TRUE(stats.contains(k)) << k;
    EXPECT_FALSE(stats["analyzer"].get<std::string>().empty());
}
