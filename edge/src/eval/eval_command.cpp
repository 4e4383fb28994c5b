#include "eval/eval_command.hpp"

#include "app/calibrate_session.hpp"
#include "eval/eval_report.hpp"
#include "eval/evaluator.hpp"
#include "pg/clock.hpp"
#include "pg/errors.hpp"
#include "pg/exit_codes.hpp"
#include "source/frame_source.hpp"
#include "source/sim/scenario.hpp"

#include <filesystem>
#include <ostream>

namespace pg::eval {

int run_eval_command(EdgeConfig config, const EvalCommand& command, bool source_given, std::ostream& out,
                     std::ostream& err, const std::atomic<bool>& stop) {
    if (command.list_scenarios) {
        for (const sim::Scenario* s : sim::all_scenarios()) out << s->name << "\t" << s->description << "\n";
        return exit_code::ok;
    }
    if (!source_given) {
        err << "pg-edge eval: give --source SRC (sim:SCENARIO[,face=PATH][,seed=N] or file:PATH with --labels FILE); "
               "--list-scenarios lists the scenarios\n";
        return exit_code::usage;
    }
    if (command.analyzer) config.tracker.analyzer = *command.analyzer;
    SourceOptions so = source_options(config);
    if (command.labels) so.labels_file = *command.labels;
    auto source = make_frame_source(config.source, so);
    EvalOptions options;
    options.tracker = config.tracker;
    options.cadence = config.cadence;
    if (command.trace) options.trace_file = *command.trace;
    const EvalResult r = evaluate(*source, options, nullptr, &stop);
    if (command.json) out << to_json(r).dump(2) << "\n";
    else out << format_report(r);
    if (!r.problem.empty()) {
        err << "pg-edge eval: " << r.problem << "\n";
        return exit_code::failure;
    }
    return exit_code::ok;
}

int run_calibrate_command(const EdgeConfig& config, std::ostream& out, std::ostream& err,
                          const std::atomic<bool>& stop) {
    auto source = make_frame_source(config.source, source_options(config));
    const auto file = std::filesystem::path(config.state_dir) / "baseline.json";
    out << "calibrating from " << source->describe() << ": sit up straight and look at the screen for "
        << config.tracker.calibration_duration.count() / 1000.0 << " s\n";
    const CalibrateOutcome r = calibrate_from_source(*source, config.tracker, config.cadence, file, stop);
    if (!r.baseline) {
        err << "pg-edge calibrate: " << r.message << "\n";
        return exit_code::failure;
    }
    out << r.message << "\n";
    return exit_code::ok;
}

}  // namespace pg::eval
