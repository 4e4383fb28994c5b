// MQTT command parsing and result formatting: pure functions, strict validation.
#include "control/command.hpp"

#include <gtest/gtest.h>

using namespace pg;

namespace {

std::string error_of(std::string_view payload) {
    auto p = parse_command(payload);
    EXPECT_FALSE(p.command) << payload;
    return p.error;
}

}  // namespace

TEST(Command, AcceptsTheFourCommands) {
    auto c = parse_command(R"({"cmd":"calibrate"})");
    ASSERT_TRUE(c.command);
    EXPECT_EQ(c.command->kind, CommandKind::calibrate);
    EXPECT_TRUE(c.command->id.is_null());

    c = parse_command(R"({"cmd":"snooze","minutes":15,"id":"a-1"})");
    ASSERT_TRUE(c.command);
    EXPECT_EQ(c.command->kind, CommandKind::snooze);
    EXPECT_EQ(c.command->minutes, 15);
    EXPECT_EQ(c.command->id, "a-1");

    c = parse_command(R"({"cmd":"snooze"})");  // the configured default
    ASSERT_TRUE(c.command);
    EXPECT_EQ(c.command->minutes, 0);

    c = parse_command(R"( {"id": 42, "cmd": "resume"} )");
    ASSERT_TRUE(c.command);
    EXPECT_EQ(c.command->kind, CommandKind::resume);
    EXPECT_EQ(c.command->id, 42);

    c = parse_command(R"({"cmd":"buzz_test"})");
    ASSERT_TRUE(c.command);
    EXPECT_EQ(c.command->kind, CommandKind::buzz_test);
}

TEST(Command, RefusesWithAReason) {
    EXPECT_EQ(error_of("snooze"), "not valid JSON");
    EXPECT_EQ(error_of(""), "not valid JSON");
    EXPECT_EQ(error_of(R"(["snooze"])"), "a command must be a JSON object");
    EXPECT_EQ(error_of(R"({"minutes":5})"), "missing \"cmd\"");
    EXPECT_EQ(error_of(R"({"cmd":7})"), "\"cmd\" must be a string");
    EXPECT_EQ(error_of(R"({"cmd":"reboot"})"), "unknown command 'reboot' (known: calibrate, snooze, resume, buzz_test, pause, status)");
    EXPECT_EQ(error_of(R"({"cmd":"snooze","minutes":"10"})"), "\"minutes\" must be an integer");
    EXPECT_EQ(error_of(R"({"cmd":"snooze","minutes":2.5})"), "\"minutes\" must be an integer");
    EXPECT_EQ(error_of(R"({"cmd":"snooze","minutes":true})"), "\"minutes\" must be an integer");
    EXPECT_EQ(error_of(R"({"cmd":"snooze","minutes":0})"), "\"minutes\" must be between 1 and 1440");
    EXPECT_EQ(error_of(R"({"cmd":"snooze","minutes":1441})"), "\"minutes\" must be between 1 and 1440");
    EXPECT_EQ(error_of(R"({"cmd":"snooze","minutes":-5})"), "\"minutes\" must be between 1 and 1440");
    EXPECT_EQ(error_of(R"({"cmd":"resume","minutes":5})"), "unknown field 'minutes' for resume");
    EXPECT_EQ(error_of(R"({"cmd":"calibrate","force":true})"), "unknown field 'force' for calibrate");
    EXPECT_EQ(error_of(R"({"cmd":"resume","id":{"x":1}})"), "\"id\" must be a string of 1-64 characters or an integer");
    EXPECT_EQ(error_of(R"({"cmd":"resume","id":""})"), "\"id\" must be a string of 1-64 characters or an integer");
    std::string big = R"({"cmd":"resume","id":")" + std::string(2000, 'x') + "\"}";
    EXPECT_EQ(error_of(big), "command too large (" + std::to_string(big.size()) + " bytes, at most 1024)");
}

TEST(Command, ARefusalKeepsTheIdWhenItCouldBeRead) {
    auto p = parse_command(R"({"id":"r7","cmd":"snooze","minutes":"ten"})");
    EXPECT_FALSE(p.command);
    EXPECT_EQ(p.id, "r7");
}

TEST(Command, ResultFormats) {
    EXPECT_EQ(format_command_result("a-1", CommandKind::snooze, true), R"({"id":"a-1","cmd":"snooze","ok":true})");
    EXPECT_EQ(format_command_result(nullptr, CommandKind::resume, true), R"({"cmd":"resume","ok":true})");
    EXPECT_EQ(format_command_result(7, std::nullopt, false, "not valid JSON"),
              R"({"id":7,"ok":false,"error":"not valid JSON"})");
    EXPECT_EQ(format_command_result(nullptr, std::nullopt, false, "a \"quoted\" reason"),
              R"({"ok":false,"error":"a \"quoted\" reason"})");
}

TEST(Command, PauseAndUntil) {
    auto c = parse_command(R"({"cmd":"pause"})");
    ASSERT_TRUE(c.command);
    EXPECT_EQ(c.command->kind, CommandKind::pause);
    EXPECT_EQ(c.command->minutes, 0);
    EXPECT_FALSE(c.command->until);

    c = parse_command(R"({"cmd":"pause","minutes":10080})");
    ASSERT_TRUE(c.command);
    EXPECT_EQ(c.command->minutes, 7 * 24 * 60);

    c = parse_command(R"({"cmd":"pause","until":"17:30","id":"p"})");
    ASSERT_TRUE(c.command && c.command->until);
    EXPECT_FALSE(c.command->until->tomorrow);
    EXPECT_EQ(c.command->until->minute, 17 * 60 + 30);

    c = parse_command(R"({"cmd":"snooze","until":"tomorrow"})");
    ASSERT_TRUE(c.command && c.command->until);
    EXPECT_TRUE(c.command->until->tomorrow);

    c = parse_command(R"({"cmd":"status"})");
    ASSERT_TRUE(c.command);
    EXPECT_EQ(c.command->kind, CommandKind::status);
}

TEST(Command, PauseRefusesBadInput) {
    EXPECT_EQ(error_of(R"({"cmd":"pause","minutes":0})"), "\"minutes\" must be between 1 and 10080");
    EXPECT_EQ(error_of(R"({"cmd":"pause","minutes":10081})"), "\"minutes\" must be between 1 and 10080");
    EXPECT_EQ(error_of(R"({"cmd":"snooze","minutes":1441})"), "\"minutes\" must be between 1 and 1440");
    EXPECT_EQ(error_of(R"({"cmd":"pause","minutes":1.5})"), "\"minutes\" must be an integer");
    EXPECT_EQ(error_of(R"({"cmd":"pause","until":"25:00"})"),
              "\"until\" '25:00' is neither a local time HH:MM (00:00-23:59) nor \"tomorrow\"");
    EXPECT_EQ(error_of(R"({"cmd":"pause","until":"7:30"})"),
              "\"until\" '7:30' is neither a local time HH:MM (00:00-23:59) nor \"tomorrow\"");
    EXPECT_EQ(error_of(R"({"cmd":"pause","until":1730})"), "\"until\" must be a string: \"HH:MM\" or \"tomorrow\"");
    EXPECT_EQ(error_of(R"({"cmd":"pause","minutes":5,"until":"17:30"})"),
              "give either \"minutes\" or \"until\", not both");
    EXPECT_EQ(error_of(R"({"cmd":"resume","until":"17:30"})"), "unknown field 'until' for resume");
    EXPECT_EQ(error_of(R"({"cmd":"status","verbose":true})"), "unknown field 'verbose' for status");
    // The button's own toggle is not something a message can send.
    EXPECT_NE(error_of(R"({"cmd":"pause_toggle"})").find("unknown command 'pause_toggle'"), std::string::npos);
}

TEST(Command, SuccessCarriesTheCommandsFields) {
    nlohmann::ordered_json extra;
    extra["paused_until"] = nullptr;
    EXPECT_EQ(format_command_success("p", CommandKind::pause, extra),
              R"({"id":"p","cmd":"pause","ok":true,"paused_until":null})");
    EXPECT_EQ(format_command_success(nullptr, CommandKind::resume, nlohmann::ordered_json::object()),
              R"({"cmd":"resume","ok":true})");
}
