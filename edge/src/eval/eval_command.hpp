#pragma once

#include "app/edge_config.hpp"

#include <atomic>
#include <iosfwd>
#include <optional>
#include <string>

namespace pg::eval {

// `pg-edge eval` and `pg-edge calibrate`, behind a thin main: each returns the
// process exit code and prints what the user needs on `out`/`err`.
struct EvalCommand {
    bool list_scenarios = false;
    std::optional<std::string> labels;    // --labels FILE
    std::optional<std::string> analyzer;  // --analyzer NAME (overrides analysis.analyzer)
    bool json = false;
    std::optional<std::string> trace;     // --trace FILE: one CSV row per tick
};

// Needs config.source given explicitly (`source_given`): eval never opens the
// configured camera by surprise. Exit 1, after the report, when nothing could
// be scored (calibration never completed): a score of nothing is no score.
int run_eval_command(EdgeConfig config, const EvalCommand& command, bool source_given, std::ostream& out,
                     std::ostream& err, const std::atomic<bool>& stop);

// Captures calibration.duration of upright sitting from config.source and
// writes <state_dir>/baseline.json atomically; exit 1 with the reason when refused.
int run_calibrate_command(const EdgeConfig& config, std::ostream& out, std::ostream& err,
                          const std::atomic<bool>& stop);

}  // namespace pg::eval
