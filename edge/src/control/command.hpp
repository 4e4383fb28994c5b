#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace pg {

// What can be asked of the device over MQTT (postureguard/<dev>/cmd), the local
// socket (pg-edge status, pause, ...) or with the button. Formats:
// edge/common/STATE-AND-COMMANDS.md.
enum class CommandKind { calibrate, snooze, resume, buzz_test, pause, status, pause_toggle };
std::string_view to_string(CommandKind k);

enum class CommandOrigin { mqtt, button, local };

// "until": a local time of day (its next occurrence) or "tomorrow" (the next
// schedule start on a later day, or local midnight without a schedule).
struct Until {
    bool tomorrow = false;
    int minute = 0;  // of the day, when !tomorrow
};

struct Command {
    CommandKind kind = CommandKind::resume;
    int minutes = 0;         // snooze: 0 = the configured default; pause: 0 = no limit
    std::optional<Until> until;  // snooze, pause: instead of minutes
    nlohmann::json id;       // echoed in the result; null when absent
    CommandOrigin origin = CommandOrigin::mqtt;
};

// A parsed command, or the reason it was refused (and whatever id could be read,
// so even a refusal can be matched to its request).
struct ParsedCommand {
    std::optional<Command> command;
    std::string error;
    nlohmann::json id;
    // Set by the local socket: where the result goes instead of MQTT. Called once,
    // on the main loop's thread.
    std::function<void(const std::string& result)> reply;
};

inline constexpr std::size_t kMaxCommandBytes = 1024;
inline constexpr int kMaxSnoozeMinutes = 24 * 60;
inline constexpr int kMaxPauseMinutes = 7 * 24 * 60;

// Strict: a JSON object of at most kMaxCommandBytes with a known "cmd", only the
// fields that command takes, each of the right type and range. Pure.
ParsedCommand parse_command(std::string_view payload);

// {"id":..,"cmd":"snooze","ok":true} / {"id":..,"ok":false,"error":"..."}; "id"
// and "cmd" only when known. Pure.
std::string format_command_result(const nlohmann::json& id, std::optional<CommandKind> kind, bool ok,
                                  std::string_view error = {});
// The same with the command's own fields after "ok" (e.g. "paused_until", "status").
std::string format_command_success(const nlohmann::json& id, CommandKind kind, const nlohmann::ordered_json& extra);

}  // namespace pg
