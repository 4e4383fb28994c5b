#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace pg {

// What can be asked of the device over MQTT (postureguard/<dev>/cmd) or with the
// button. Formats: edge/common/STATE-AND-COMMANDS.md.
enum class CommandKind { calibrate, snooze, resume, buzz_test };
std::string_view to_string(CommandKind k);

enum class CommandOrigin { mqtt, button };

struct Command {
    CommandKind kind = CommandKind::resume;
    int minutes = 0;         // snooze: 0 = the configured default
    nlohmann::json id;       // echoed in the result; null when absent
    CommandOrigin origin = CommandOrigin::mqtt;
};

// A parsed command, or the reason it was refused (and whatever id could be read,
// so even a refusal can be matched to its request).
struct ParsedCommand {
    std::optional<Command> command;
    std::string error;
    nlohmann::json id;
};

inline constexpr std::size_t kMaxCommandBytes = 1024;
inline constexpr int kMaxSnoozeMinutes = 24 * 60;

// Strict: a JSON object of at most kMaxCommandBytes with a known "cmd", only the
// fields that command takes, each of the right type and range. Pure.
ParsedCommand parse_command(std::string_view payload);

// {"id":..,"cmd":"snooze","ok":true} / {"id":..,"ok":false,"error":"..."}; "id"
// and "cmd" only when known. Pure.
std::string format_command_result(const nlohmann::json& id, std::optional<CommandKind> kind, bool ok,
                                  std::string_view error = {});

}  // namespace pg
