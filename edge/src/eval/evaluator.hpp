#pragma once

#include "eval/alert_model.hpp"
#include "eval/confusion.hpp"
#include "source/frame_source.hpp"
#include "vision/tracker_config.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace pg::eval {

struct EvalOptions {
    TrackerConfig tracker;
    std::chrono::milliseconds cadence{600};
    std::chrono::milliseconds alert_hold = kDefaultAlertHold;
};

// What one run over a source with ground truth measured.
struct EvalResult {
    std::string source;    // the source's description
    std::string analyzer;  // the analyzer that actually ran (after any fallback)
    ConfusionMatrix confusion;
    std::uint64_t ticks = 0;         // frames analysed
    std::uint64_t scored_ticks = 0;  // with ground truth, after the first calibration
    double macro_f1 = 0.0;           // over kMacroStates
    // Delay from a true change into one of kMacroStates to the first tick the
    // pipeline reports it (changes it never reported are counted as missed).
    double mean_detect_delay_s = 0.0;
    double max_detect_delay_s = 0.0;
    int detected_changes = 0;
    int missed_changes = 0;
    int alerts = 0;
    int alerts_in_good = 0;     // alerts fired while the truth was good posture
    double good_hours = 0.0;    // scored time with good truth
    double alerts_per_hour_good = 0.0;
    double analysis_ms_mean = 0.0;  // informative only: wall time per tick
};

// Runs source -> analyzer -> tracker over a whole finite source on a simulated
// clock (as fast as the analysis allows), with the baseline kept in a private
// temporary directory. Calibration happens where the source's truth asks for it
// (a sim scenario's press, the start of a recording). `alerts` defaults to the
// HoldAlertModel stand-in. Throws ConfigError for a source without ground truth.
EvalResult evaluate(FrameSource& source, const EvalOptions& options, std::unique_ptr<AlertModel> alerts = nullptr,
                    const std::atomic<bool>* stop = nullptr);

}  // namespace pg::eval
