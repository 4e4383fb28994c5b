#pragma once

#include "eval/alert_model.hpp"
#include "eval/confusion.hpp"
#include "source/frame_source.hpp"
#include "vision/tracker_config.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <map>
#include <string>
#include <vector>

namespace pg::eval {

struct EvalOptions {
    TrackerConfig tracker;
    std::chrono::milliseconds cadence{600};
    std::chrono::milliseconds alert_hold = kDefaultAlertHold;
    std::string trace_file;  // --trace: one CSV row per tick (see TickTrace)
};

// What one run over a source with ground truth measured.
struct EvalResult {
    std::string source;    // the source's description
    std::string analyzer;  // the analyzer that actually ran (after any fallback)
    bool reads_head_pose = false;  // whether the analyzer can see looking_down and tilt
    ConfusionMatrix confusion;
    std::uint64_t ticks = 0;         // frames analysed
    std::uint64_t scored_ticks = 0;  // with ground truth, after the first calibration
    // Mean F1 over `macro_states`: the states of kMacroStates that the truth
    // holds at least once. 0 when nothing was scored (then `problem` says why).
    double macro_f1 = 0.0;
    std::vector<PostureState> macro_states;
    // Truth states scored as good because the analyzer cannot see them (the
    // cascade reads no head pose), with the ticks that were folded.
    std::vector<PostureState> folded_states;
    std::uint64_t folded_ticks = 0;
    int calibrations = 0;          // baselines taken
    int calibrations_refused = 0;
    std::string calibration_note;  // the last refusal's reason
    // Set when the run cannot be scored (calibration never completed, no tick
    // with ground truth after it): `pg-edge eval` then fails with this message.
    std::string problem;
    // Delay from a true change into one of kMacroStates to the first tick the
    // pipeline reports it (changes it never reported are counted as missed).
    double mean_detect_delay_s = 0.0;
    double max_detect_delay_s = 0.0;
    // The same per state entered, for states with their own dwell (a head held
    // down is judged over a longer window than a lean).
    std::map<PostureState, double> mean_detect_delay_by_state_s;
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
