// pg-edge: the desk-camera process. Parses options, wires the edge library, runs.
#include "app/edge_config.hpp"
#include "app/edge_runner.hpp"
#include "app/ha_remove_command.hpp"
#include "app/preview_command.hpp"
#include "app/local_cli.hpp"
#include "app/local_client.hpp"
#include "app/local_socket.hpp"
#include "eval/eval_command.hpp"
#include "pg/stop_signals.hpp"
#include "source/worker/worker_main.hpp"
#include "pg/cli.hpp"
#include "pg/errors.hpp"
#include "pg/exit_codes.hpp"
#include "pg/log.hpp"

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"pg-edge: watches posture through the desk camera, buzzes when bad posture persists,\n"
                 "and publishes compact results over MQTT.", "pg-edge"};
    app.set_version_flag("--version", PG_VERSION);
    pg::EdgeOverrides o;
    std::string speed = "real";
    std::string summary;
    auto opt = [&](const char* name, std::optional<std::string>& target, const char* help) {
        app.add_option_function<std::string>(name, [&target](const std::string& v) { target = v; }, help);
    };
    opt("--config", o.config_file, "TOML config file; its keys override the board's");
    opt("--board", o.board, "board profile from boards/ (pi5, pi4, pi3, zero2w, generic-linux) or a path");
    opt("--source", o.source, "frame source: libcamera, v4l2:/dev/videoN, file:PATH, sim:SCENARIO[,days=N][,face=PATH][,seed=N]");
    opt("--broker", o.broker, "MQTT broker HOST[:PORT], or several to fail over between: "
                              "HOST[:PORT],HOST[:PORT],... ([::1]:1883 for IPv6)");
    opt("--device", o.device, "device id (topic-safe: letters, digits, '-', '_')");
    opt("--cadence", o.cadence, "analysis interval, e.g. 600ms, 10s");
    opt("--state-dir", o.state_dir, "where the baseline and sequence numbers live");
    opt("--log-level", o.log_level, "trace, debug, info, warn or error");
    app.add_option("--speed", speed, "real: live timing; max: a simulated source runs on a simulated clock")
        ->check(CLI::IsMember({"real", "max"}));
    app.add_option("--summary", summary, "write JSON counters (frames, samples, batches, acked_batches, dropped_samples) at exit");
    std::string trace;
    app.add_option("--trace", trace, "run and eval: write one CSV row per tick (time, truth, state, score, width "
                                     "ratio, drop, pitch, roll, yaw, faces, analysis ms) to FILE; local only, "
                                     "never published, no images");
    auto* run = app.add_subcommand("run", "run the monitor (the default)");
    run->fallthrough();
    pg::eval::EvalCommand ev;
    auto* eval = app.add_subcommand("eval", "score the posture analysis on a source with ground truth: confusion "
                                            "matrix, per-state precision/recall/F1, macro_f1, detection delay, "
                                            "alerts per hour of good posture");
    eval->fallthrough();
    eval->add_flag("--list-scenarios", ev.list_scenarios, "list the sim: scenarios with ground truth and exit");
    eval->add_option_function<std::string>("--labels", [&ev](const std::string& v) { ev.labels = v; },
                                           "ground truth for a file: source, CSV lines frame,state");
    eval->add_option_function<std::string>("--analyzer", [&ev](const std::string& v) { ev.analyzer = v; },
                                           "mesh, blazeface, landmarks or cascade (default: analysis.analyzer)");
    eval->add_flag("--json", ev.json, "print JSON (macro_f1 and the macro_states it averages, per_state, confusion, "
                                      "alerts_per_hour_good, mean_detect_delay_s) instead of the report; exit 1 "
                                      "when nothing could be scored (calibration never completed)");
    auto* calibrate = app.add_subcommand("calibrate", "take a new baseline: sit upright for calibration.duration; "
                                                      "written atomically to <state-dir>/baseline.json (asks the "
                                                      "running pg-edge when there is one)");
    calibrate->fallthrough();
    pg::PreviewOptions preview_options;
    auto* preview = app.add_subcommand("preview", "set the camera up: analyse a few frames of the source and draw the "
                                                  "last one as the analyzer sees it (face box, calibrated box, face "
                                                  "mesh landmarks, state, width ratio, drop, pitch, roll, yaw) into a "
                                                  "PNG on this machine; never published. A camera held by a running "
                                                  "pg-edge is reported busy, not taken");
    preview->fallthrough();
    preview->add_option("--out", preview_options.out, "the PNG to write")->capture_default_str();
    preview->add_flag("--json", preview_options.json, "print what was drawn (boxes, landmarks, state, metrics) as JSON");
    auto* ha_remove = app.add_subcommand("ha-remove", "remove this device from Home Assistant: clear every discovery "
                                                      "config it published (recorded in <state-dir>/ha-discovery) "
                                                      "with empty retained messages, then forget them");
    ha_remove->fallthrough();
    int ha_remove_timeout = 15;
    ha_remove->add_option("--timeout", ha_remove_timeout, "seconds to wait for the broker's acknowledgements")
        ->check(CLI::Range(1, 3600))
        ->capture_default_str();
    bool ha_remove_force = false;
    ha_remove->add_flag("--force", ha_remove_force, "clear even while the device's availability says online");
    // The running pg-edge, over its local socket (<state-dir>/control.sock).
    std::vector<std::string> local_args;
    std::vector<CLI::App*> local_verbs;
    for (auto [verb, help] : {std::pair{"status", "print what the running pg-edge is doing: state, calibration, "
                                                  "snooze, pause, analyzer"},
                              {"snooze", "snooze alerts: [MINUTES | tomorrow | until HH:MM] (default "
                                         "alert.snooze_minutes)"},
                              {"pause", "pause monitoring and stop the camera: [DURATION (45, 90m, 2h) | until HH:MM | "
                                        "tomorrow] (default: until resumed)"},
                              {"resume", "end a pause or a snooze"},
                              {"buzz-test", "play the buzzer test pattern"}}) {
        auto* sub = app.add_subcommand(verb, help);
        sub->fallthrough();
        sub->add_option("args", local_args, "see above")->expected(0, 2);
        local_verbs.push_back(sub);
    }
    // The camera's own process, started by the monitor itself (camera.process).
    auto* camera_process = app.add_subcommand("camera-process", "")->group("");
    std::string cp_spec;
    pg::SourceOptions cp;
    camera_process->add_option("--spec", cp_spec)->required();
    camera_process->add_option("--width", cp.width)->required();
    camera_process->add_option("--height", cp.height)->required();
    camera_process->add_option("--fps", cp.fps)->required();
    camera_process->add_option("--timezone", cp.timezone);
    camera_process->add_option("--now-ms", cp.now_ms);
    app.require_subcommand(0, 1);
    if (auto rc = pg::parse_command_line(app, argc, argv)) return *rc;

    if (camera_process->parsed()) return pg::run_camera_process(cp_spec, cp, 0, 3);
    try {
        for (auto* verb : local_verbs)
            if (verb->parsed()) {
                // Only the state directory matters here: --state-dir, or the config's.
                std::string state_dir = o.state_dir ? *o.state_dir : pg::load_edge_config(o).state_dir;
                return pg::run_local_cli(verb->get_name(), local_args, state_dir, std::cout, std::cerr);
            }
        pg::EdgeConfig cfg = pg::load_edge_config(o);
        pg::log::Level lvl;
        pg::log::parse_level(cfg.log_level, lvl);
        pg::log::set_level(lvl);
        const auto& stop = pg::install_stop_signals();
        if (eval->parsed()) {
            if (!o.log_level) pg::log::set_level(pg::log::Level::warn);  // keep the report readable
            if (!trace.empty()) ev.trace = trace;
            return pg::eval::run_eval_command(cfg, ev, o.source.has_value(), std::cout, std::cerr, stop);
        }
        if (calibrate->parsed()) {
            // A running pg-edge holds the camera: it calibrates, asked over its socket.
            if (pg::local_edge_listening(pg::local_socket_path(cfg.state_dir)))
                return pg::run_local_cli("calibrate", {}, cfg.state_dir, std::cout, std::cerr);
            return pg::eval::run_calibrate_command(cfg, std::cout, std::cerr, stop);
        }
        if (preview->parsed()) return pg::run_preview_command(cfg, preview_options, std::cout, std::cerr, stop);
        if (ha_remove->parsed())
            return pg::run_ha_remove_command(cfg, std::cout, std::cerr, stop, std::chrono::seconds(ha_remove_timeout),
                                             ha_remove_force);
        pg::RunOptions run_options;
        run_options.speed = speed == "max" ? pg::Speed::max : pg::Speed::real;
        run_options.trace_file = trace;
        // SIGHUP: the same files and options again, in the main loop.
        pg::install_reload_signal();
        run_options.reload = [o] { return pg::load_edge_config(o); };
        pg::RunStats stats = pg::run_edge(cfg, run_options, stop);
        if (!summary.empty()) pg::write_summary(summary, stats);
        return pg::exit_code::ok;
    } catch (const pg::ConfigError& e) {
        std::cerr << "pg-edge: " << e.what() << "\n";
        return pg::exit_code::usage;
    } catch (const std::exception& e) {
        std::cerr << "pg-edge: " << e.what() << "\n";
        return pg::exit_code::failure;
    }
}
