#include "app/local_cli.hpp"

#include "app/local_client.hpp"
#include "app/local_socket.hpp"
#include "control/command.hpp"
#include "control/local_time.hpp"
#include "pg/duration.hpp"
#include "pg/exit_codes.hpp"

#include <algorithm>
#include <ostream>

namespace pg {
namespace {

using Request = std::variant<nlohmann::json, std::string>;

// Explicit alternatives: a json converts to a string and back.
Request usage(std::string why) { return Request(std::in_place_index<1>, std::move(why)); }
Request command(nlohmann::json cmd) { return Request(std::in_place_index<0>, std::move(cmd)); }

bool all_digits(const std::string& s) {
    return !s.empty() && s.size() <= 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "until HH:MM" / "tomorrow": the command's "until"; nullopt if args are neither.
std::optional<Request> until_of(const std::string& verb, const std::vector<std::string>& args, nlohmann::json cmd) {
    if (args.size() == 1 && args[0] == "tomorrow") {
        cmd["until"] = "tomorrow";
        return command(cmd);
    }
    if (args.empty() || args[0] != "until") return std::nullopt;
    if (args.size() != 2 || !parse_hhmm(args[1]))
        return usage(verb + " until: give a local time HH:MM, e.g. '" + verb + " until 17:30'");
    cmd["until"] = args[1];
    return command(cmd);
}

// "2025-03-10T09:30:00.000+01:00" -> "2025-03-10 09:30 (+01:00)".
std::string when(const nlohmann::json& iso) {
    if (!iso.is_string()) return "-";
    const auto& s = iso.get_ref<const std::string&>();
    if (s.size() < 23) return s;
    return s.substr(0, 10) + " " + s.substr(11, 5) + " (" + s.substr(23) + ")";
}

std::string status_text(const nlohmann::json& r) {
    const auto& s = r.value("status", nlohmann::json::object());
    auto line = [](const std::string& k, const std::string& v) {
        std::string pad(std::max<std::size_t>(1, 13 - k.size()), ' ');
        return k + pad + v + "\n";
    };
    std::string out;
    out += line("device", s.value("device", "?"));
    std::string state = s.value("state", "?");
    if (state != "paused" && state != "uncalibrated" && s.contains("score")) state += " (score " + s["score"].dump() + ")";
    out += line("state", state + " since " + when(s.value("since", nlohmann::json())));
    out += line("calibrated", s.value("calibrated", false) ? "yes" : "no (pg-edge calibrate)");
    const auto snoozed = s.value("snoozed_until", nlohmann::json());
    out += line("snoozed", snoozed.is_null() ? "no" : "until " + when(snoozed));
    const auto by = s.value("paused_by", nlohmann::json());
    if (by.is_null()) {
        out += line("paused", "no");
    } else {
        const auto until = s.value("paused_until", nlohmann::json());
        out += line("paused", "yes, by " + by.get<std::string>() +
                                  (until.is_null() ? ", until resumed" : ", until " + when(until)) + " (camera off)");
    }
    out += line("quiet hours", s.value("quiet_hours", false) ? "now" : "no");
    out += line("alert level", std::to_string(s.value("alert_level", 0)));
    out += line("analyzer", r.value("analyzer", "?"));
    return out;
}

}  // namespace

Request local_request(const std::string& verb, const std::vector<std::string>& args) {
    nlohmann::json cmd;
    auto no_args = [&](const char* name) -> Request {
        if (!args.empty()) return usage(verb + " takes no arguments");
        cmd["cmd"] = name;
        return command(cmd);
    };
    if (verb == "status") return no_args("status");
    if (verb == "resume") return no_args("resume");
    if (verb == "calibrate") return no_args("calibrate");
    if (verb == "buzz-test") return no_args("buzz_test");
    if (verb == "snooze") {
        cmd["cmd"] = "snooze";
        if (args.empty()) return command(cmd);
        if (auto u = until_of(verb, args, cmd)) return *u;
        if (args.size() == 1 && all_digits(args[0])) {
            const long m = std::stol(args[0]);
            if (m < 1 || m > kMaxSnoozeMinutes)
                return usage("snooze: minutes must be between 1 and " + std::to_string(kMaxSnoozeMinutes));
            cmd["minutes"] = m;
            return command(cmd);
        }
        return usage("snooze: expected MINUTES, 'tomorrow' or 'until HH:MM', not '" + args[0] + "'");
    }
    if (verb == "pause") {
        cmd["cmd"] = "pause";
        if (args.empty()) return command(cmd);
        if (auto u = until_of(verb, args, cmd)) return *u;
        if (args.size() == 1) {
            // A bare number is minutes; otherwise a duration such as 90m or 2h.
            std::optional<std::chrono::milliseconds> d;
            if (all_digits(args[0])) d = std::chrono::minutes(std::stol(args[0]));
            else d = parse_duration(args[0]);
            if (d) {
                const auto minutes = (d->count() + 59'999) / 60'000;
                if (minutes < 1 || minutes > kMaxPauseMinutes)
                    return usage("pause: the duration must be between 1 minute and 7 days");
                cmd["minutes"] = minutes;
                return command(cmd);
            }
        }
        return usage("pause: expected a DURATION (45, 90m, 2h), 'until HH:MM' or 'tomorrow', not '" + args[0] + "'");
    }
    return usage("unknown command '" + verb + "'");
}

std::string describe_reply(const std::string& verb, const nlohmann::json& r) {
    if (!r.value("ok", false)) return r.value("error", std::string("refused"));
    if (verb == "status") return status_text(r);
    if (verb == "snooze") return "alerts snoozed until " + when(r.value("snoozed_until", nlohmann::json())) + "\n";
    if (verb == "pause") {
        const auto until = r.value("paused_until", nlohmann::json());
        return std::string("monitoring paused ") + (until.is_null() ? "until resumed" : "until " + when(until)) +
               "; the camera is off\n";
    }
    if (verb == "resume") {
        if (r.contains("paused_by"))
            return "resumed, but outside the monitoring schedule: paused until " +
                   when(r.value("paused_until", nlohmann::json())) + "\n";
        return "monitoring resumed; alerts are on\n";
    }
    if (verb == "calibrate") return "calibrating: sit up straight and look at the screen for a few seconds\n";
    if (verb == "buzz-test") return "buzzer test played\n";
    return r.dump() + "\n";
}

int run_local_cli(const std::string& verb, const std::vector<std::string>& args, const std::string& state_dir,
                  std::ostream& out, std::ostream& err, std::chrono::milliseconds timeout) {
    auto req = local_request(verb, args);
    if (auto* usage = std::get_if<std::string>(&req)) {
        err << "pg-edge " << *usage << "\n";
        return exit_code::usage;
    }
    const std::string path = local_socket_path(state_dir);
    auto reply = send_local_request(path, std::get<nlohmann::json>(req).dump(), timeout);
    if (auto* e = std::get_if<LocalClientError>(&reply)) {
        err << "pg-edge: " << e->message << "\n";
        return exit_code::failure;
    }
    auto j = nlohmann::json::parse(std::get<std::string>(reply), nullptr, false);
    if (!j.is_object()) {
        err << "pg-edge: unreadable reply from " << path << "\n";
        return exit_code::failure;
    }
    if (!j.value("ok", false)) {
        err << "pg-edge " << verb << ": " << describe_reply(verb, j) << "\n";
        return exit_code::failure;
    }
    out << describe_reply(verb, j);
    return exit_code::ok;
}

}  // namespace pg
