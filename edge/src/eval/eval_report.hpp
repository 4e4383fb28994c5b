#pragma once

#include "eval/evaluator.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace pg::eval {

// The JSON of `pg-edge eval --json` (DESIGN.md's command-line contract):
// macro_f1, per_state {state: {precision, recall, f1, support}}, confusion
// {truth: {predicted: ticks}}, alerts_per_hour_good, mean_detect_delay_s, plus
// the counts behind them. Only states that occur are listed.
nlohmann::json to_json(const EvalResult& result);

// The human-readable report: confusion matrix (rows truth, columns predicted),
// per-state precision/recall/F1, and the headline figures.
std::string format_report(const EvalResult& result);

}  // namespace pg::eval
