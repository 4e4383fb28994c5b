#include "control/command.hpp"

#include "control/local_time.hpp"

namespace pg {
namespace {

// What a message may ask for; pause_toggle is the button's own.
constexpr CommandKind kParsed[] = {CommandKind::calibrate, CommandKind::snooze, CommandKind::resume,
                                   CommandKind::buzz_test, CommandKind::pause,  CommandKind::status};
constexpr std::string_view kKnown = "calibrate, snooze, resume, buzz_test, pause, status";

std::optional<CommandKind> kind_from_string(std::string_view s) {
    for (auto k : kParsed)
        if (to_string(k) == s) return k;
    return std::nullopt;
}

bool takes_time(CommandKind k) { return k == CommandKind::snooze || k == CommandKind::pause; }

// An id is a short string or an integer: enough to match a reply, nothing to abuse.
bool valid_id(const nlohmann::json& id) {
    if (id.is_string()) return !id.get_ref<const std::string&>().empty() && id.get_ref<const std::string&>().size() <= 64;
    return id.is_number_integer();
}

ParsedCommand refuse(nlohmann::json id, std::string why) {
    ParsedCommand p;
    p.id = std::move(id);
    p.error = std::move(why);
    return p;
}

}  // namespace

std::string_view to_string(CommandKind k) {
    switch (k) {
    case CommandKind::calibrate: return "calibrate";
    case CommandKind::snooze: return "snooze";
    case CommandKind::resume: return "resume";
    case CommandKind::buzz_test: return "buzz_test";
    case CommandKind::pause: return "pause";
    case CommandKind::status: return "status";
    case CommandKind::pause_toggle: return "pause_toggle";
    }
    return "invalid";
}

ParsedCommand parse_command(std::string_view payload) {
    if (payload.size() > kMaxCommandBytes)
        return refuse(nullptr, "command too large (" + std::to_string(payload.size()) + " bytes, at most " +
                                   std::to_string(kMaxCommandBytes) + ")");
    auto j = nlohmann::json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return refuse(nullptr, "not valid JSON");
    if (!j.is_object()) return refuse(nullptr, "a command must be a JSON object");

    nlohmann::json id;
    if (auto it = j.find("id"); it != j.end()) {
        if (!valid_id(*it)) return refuse(nullptr, "\"id\" must be a string of 1-64 characters or an integer");
        id = *it;
    }
    auto cmd = j.find("cmd");
    if (cmd == j.end()) return refuse(id, "missing \"cmd\"");
    if (!cmd->is_string()) return refuse(id, "\"cmd\" must be a string");
    auto kind = kind_from_string(cmd->get_ref<const std::string&>());
    if (!kind)
        return refuse(id, "unknown command '" + cmd->get<std::string>() +
                              "' (known: " + std::string(kKnown) + ")");

    Command c;
    c.kind = *kind;
    c.id = id;
    for (const auto& [key, value] : j.items()) {
        if (key == "id" || key == "cmd") continue;
        if (key == "minutes" && takes_time(c.kind)) {
            const int most = c.kind == CommandKind::snooze ? kMaxSnoozeMinutes : kMaxPauseMinutes;
            if (!value.is_number_integer())
                return refuse(id, "\"minutes\" must be an integer");
            auto m = value.get<long long>();
            if (m < 1 || m > most)
                return refuse(id, "\"minutes\" must be between 1 and " + std::to_string(most));
            c.minutes = static_cast<int>(m);
            continue;
        }
        if (key == "until" && takes_time(c.kind)) {
            if (!value.is_string()) return refuse(id, "\"until\" must be a string: \"HH:MM\" or \"tomorrow\"");
            const auto& text = value.get_ref<const std::string&>();
            Until u;
            if (text == "tomorrow") {
                u.tomorrow = true;
            } else if (auto m = parse_hhmm(text)) {
                u.minute = *m;
            } else {
                return refuse(id, "\"until\" '" + text + "' is neither a local time HH:MM (00:00-23:59) nor \"tomorrow\"");
            }
            c.until = u;
            continue;
        }
        return refuse(id, "unknown field '" + key + "' for " + std::string(to_string(c.kind)));
    }
    if (c.minutes > 0 && c.until) return refuse(id, "give either \"minutes\" or \"until\", not both");
    ParsedCommand p;
    p.command = std::move(c);
    p.id = std::move(id);
    return p;
}

std::string format_command_result(const nlohmann::json& id, std::optional<CommandKind> kind, bool ok,
                                  std::string_view error) {
    nlohmann::ordered_json r;
    if (!id.is_null()) r["id"] = id;
    if (kind) r["cmd"] = to_string(*kind);
    r["ok"] = ok;
    if (!ok) r["error"] = error;
    return r.dump();
}

std::string format_command_success(const nlohmann::json& id, CommandKind kind, const nlohmann::ordered_json& extra) {
    nlohmann::ordered_json r;
    if (!id.is_null()) r["id"] = id;
    r["cmd"] = to_string(kind);
    r["ok"] = true;
    for (const auto& [k, v] : extra.items()) r[k] = v;
    return r.dump();
}

}  // namespace pg
