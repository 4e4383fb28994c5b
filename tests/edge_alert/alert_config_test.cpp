// The [gpio] and [alert] keys: bound in edge_config, defaults that keep the
// simulation working without GPIO, and one-line errors for bad values.
#include "app/edge_config.hpp"
#include "pg/errors.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace pg;

namespace {

std::string write_temp(const std::string& text) {
    static int n = 0;
    auto p = std::filesystem::temp_directory_path() /
             ("alert-cfg-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".toml");
    std::ofstream(p) << text;
    return p.string();
}

std::string error_of(const std::string& text) {
    EdgeOverrides o;
    o.config_file = write_temp(text);
    try {
        load_edge_config(o);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST(AlertConfig, DefaultsNeedNoGpio) {
    auto c = load_edge_config({});
    EXPECT_EQ(c.gpio.backend, "none");
    EXPECT_EQ(c.alert.hold.count(), 30000);
    EXPECT_EQ(c.alert.cooldown.count(), 300000);
    EXPECT_EQ(c.alert.break_after.count(), 50 * 60000);
    EXPECT_EQ(c.alert.snooze_minutes, 30);
    EXPECT_TRUE(c.alert.quiet_hours.empty());
}

TEST(AlertConfig, KeysBindFromFilesAndBoards) {
    EdgeOverrides o;
    o.board = "pi5";
    o.config_file = write_temp(
        "[gpio]\nled_line = -1\nactive_low = true\nmax_on = \"1s\"\n"
        "[alert]\nhold = \"45s\"\ncooldown = \"10m\"\nquiet_hours = \"22:00-07:00\"\nsnooze_minutes = 15\n");
    auto c = load_edge_config(o);
    EXPECT_EQ(c.gpio.backend, "gpiod");  // from the board
    EXPECT_EQ(c.gpio.chip, "gpiochip0");
    EXPECT_EQ(c.gpio.buzzer_line, 17);
    EXPECT_EQ(c.gpio.led_line, -1);      // the user's file wins
    EXPECT_TRUE(c.gpio.active_low);
    EXPECT_EQ(c.gpio.max_on.count(), 1000);
    EXPECT_EQ(c.alert.hold.count(), 45000);
    EXPECT_EQ(c.alert.cooldown.count(), 600000);
    EXPECT_EQ(c.alert.quiet_hours, "22:00-07:00");
    EXPECT_EQ(c.alert.snooze_minutes, 15);
    EXPECT_NE(c.board_file.find("pi5.toml"), std::string::npos);
}

TEST(AlertConfig, BadValuesAreRefusedByName) {
    EXPECT_NE(error_of("[gpio]\nbackend = \"pwm\"\n").find("gpio.backend 'pwm'"), std::string::npos);
    EXPECT_NE(error_of("[alert]\nquiet_hours = \"22-7\"\n").find("alert.quiet_hours '22-7'"), std::string::npos);
    EXPECT_NE(error_of("[alert]\nquiet_hours = \"25:00-07:00\"\n").find("alert.quiet_hours"), std::string::npos);
    EXPECT_NE(error_of("[gpio]\nfake_fault = \"throw_while_buzzing\"\n").find("test hook"), std::string::npos);
    EXPECT_NE(error_of("[gpio]\nmax_on = \"1m\"\n").find("gpio.max_on"), std::string::npos);
    EXPECT_NE(error_of("[alert]\nmax_level = 9\n").find("alert.max_level"), std::string::npos);
    EXPECT_NE(error_of("[gpio]\nbuzzer_pin = 17\n").find("unknown key 'gpio.buzzer_pin'"), std::string::npos);
}
