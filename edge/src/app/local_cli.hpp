#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <iosfwd>
#include <string>
#include <variant>
#include <vector>

namespace pg {

// pg-edge status | snooze [MIN|tomorrow|until HH:MM] | pause [DURATION|until HH:MM|tomorrow]
//        | resume | calibrate | buzz-test
// The verbs the local CLI sends to the running pg-edge, as the JSON command
// MQTT would carry, or a usage error. Pure.
std::variant<nlohmann::json, std::string> local_request(const std::string& verb, const std::vector<std::string>& args);

// The reply (the command result JSON) for a person; several lines for status.
std::string describe_reply(const std::string& verb, const nlohmann::json& reply);

// Sends it to <state_dir>/control.sock and prints the answer. Exit codes: 0 ok,
// 1 refused or pg-edge not running (no or stale socket), 2 usage.
int run_local_cli(const std::string& verb, const std::vector<std::string>& args, const std::string& state_dir,
                  std::ostream& out, std::ostream& err, std::chrono::milliseconds timeout = std::chrono::seconds(30));

}  // namespace pg
