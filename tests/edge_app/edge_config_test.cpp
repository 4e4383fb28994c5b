#include "app/edge_config.hpp"
#include "pg/errors.hpp"
#include "pg/mqtt_config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace pg;

namespace {
std::string write_temp(const std::string& name, const std::string& text) {
    auto p = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".toml");
    std::ofstream(p) << text;
    return p.string();
}
std::string error_of(const EdgeOverrides& o) {
    try {
        load_edge_config(o);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return {};
}
}  // namespace

TEST(EdgeConfig, BoardThenUserFileThenCommandLine) {
    EdgeOverrides o;
    o.board = "pi3";
    o.config_file = write_temp("user", "[camera]\nwidth = 400\n[device]\nid = \"desk-7\"\ntimezone = \"Asia/Seoul\"\n");
    o.cadence = "2s";
    auto c = load_edge_config(o);
    EXPECT_EQ(c.camera_width, 400);   // user file over board
    EXPECT_EQ(c.camera_height, 360);  // board over default
    EXPECT_EQ(c.source, "libcamera");
    EXPECT_EQ(c.cadence.count(), 2000);  // command line over files
    EXPECT_EQ(c.device_id, "desk-7");
    EXPECT_EQ(c.timezone, "Asia/Seoul");
    std::filesystem::remove(*o.config_file);
}

TEST(EdgeConfig, DefaultsAreUsable) {
    auto c = load_edge_config({});
    EXPECT_FALSE(c.device_id.empty());
    EXPECT_FALSE(c.timezone.empty());
    EXPECT_EQ(c.cadence.count(), 600);
    EXPECT_EQ(c.batch_interval.count(), 10000);
    EXPECT_EQ(c.mqtt.prefix, "postureguard");
}

TEST(EdgeConfig, BadValuesAreNamed) {
    EdgeOverrides o;
    o.device = "bad id";
    EXPECT_NE(error_of(o).find("device id 'bad id'"), std::string::npos);
    o = {};
    o.config_file = write_temp("tz", "[device]\ntimezone = \"Mars/Olympus\"\n");
    EXPECT_NE(error_of(o).find("Mars/Olympus"), std::string::npos);
    std::filesystem::remove(*o.config_file);
    o = {};
    o.cadence = "often";
    EXPECT_NE(error_of(o).find("--cadence 'often'"), std::string::npos);
    o = {};
    o.broker = "host:99999";
    EXPECT_NE(error_of(o).find("mqtt.broker"), std::string::npos);
    o = {};
    o.board = "no-such-board";
    EXPECT_NE(error_of(o).find("unknown board 'no-such-board'"), std::string::npos);
    o = {};
    o.config_file = write_temp("keepalive", "[mqtt]\nkeepalive = \"2s\"\n");
    EXPECT_NE(error_of(o).find("mqtt.keepalive"), std::string::npos);
    std::filesystem::remove(*o.config_file);
    o = {};
    o.config_file = write_temp("segment", "[outbox]\nsegment_kb = 1\n");
    EXPECT_NE(error_of(o).find("outbox.segment_kb"), std::string::npos);
    std::filesystem::remove(*o.config_file);
}

TEST(EdgeConfig, KeepaliveAndOutboxSegmentsAreSettable) {
    EdgeOverrides o;
    o.config_file = write_temp("tuning", "[mqtt]\nkeepalive = \"10s\"\n[outbox]\nsegment_kb = 64\n");
    auto c = load_edge_config(o);
    EXPECT_EQ(to_mqtt_options(c.mqtt).keepalive_s, 10);
    EXPECT_EQ(c.outbox_segment_kb, 64);
    EXPECT_EQ(to_mqtt_options(load_edge_config({}).mqtt).keepalive_s, 30);
    std::filesystem::remove(*o.config_file);
}
