#include "control/command.hpp"

namespace pg {
namespace {

std::optional<CommandKind> kind_from_string(std::string_view s) {
    for (auto k : {CommandKind::calibrate, CommandKind::snooze, CommandKind::resume, CommandKind::buzz_test})
        if (to_string(k) == s) return k;
    return std::nullopt;
}

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
                              "' (known: calibrate, snooze, resume, buzz_test)");

    Command c;
    c.kind = *kind;
    c.id = id;
    for (const auto& [key, value] : j.items()) {
        if (key == "id" || key == "cmd") continue;
        if (key == "minutes" && c.kind == CommandKind::snooze) {
            if (!value.is_number_integer())
                return refuse(id, "\"minutes\" must be an integer");
            auto m = value.get<long long>();
            if (m < 1 || m > kMaxSnoozeMinutes)
                return refuse(id, "\"minutes\" must be between 1 and " + std::to_string(kMaxSnoozeMinutes));
            c.minutes = static_cast<int>(m);
            continue;
        }
        return refuse(id, "unknown field '" + key + "' for " + std::string(to_string(c.kind)));
    }
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

}  // namespace pg
