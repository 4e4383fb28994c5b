#include "eval/evaluator.hpp"

#include "app/tick_trace.hpp"
#include "pg/errors.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/posture_tracker.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <map>
#include <random>

namespace pg::eval {
namespace {

bool is_macro_state(PostureState s) {
    return std::find(kMacroStates.begin(), kMacroStates.end(), s) != kMacroStates.end();
}

// A private state directory: evaluation must neither read nor overwrite the
// device's own baseline.
class ScratchDir {
public:
    ScratchDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("pg_eval_" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Follows true state changes and how long the pipeline takes to report them.
class DelayMeter {
public:
    void update(std::int64_t t_ms, PostureState truth, PostureState predicted, EvalResult& r) {
        if (!last_truth_ || truth != *last_truth_) {
            if (pending_) ++r.missed_changes;
            pending_ = last_truth_ && is_macro_state(truth);
            changed_ms_ = t_ms;
            last_truth_ = truth;
        }
        if (pending_ && predicted == truth) {
            const double d = static_cast<double>(t_ms - changed_ms_) / 1000.0;
            sum_s_ += d;
            by_state_[truth].first += d;
            ++by_state_[truth].second;
            r.max_detect_delay_s = std::max(r.max_detect_delay_s, d);
            ++r.detected_changes;
            pending_ = false;
        }
    }
    void finish(EvalResult& r) const {
        if (pending_) ++r.missed_changes;
        r.mean_detect_delay_s = r.detected_changes ? sum_s_ / r.detected_changes : 0.0;
        for (const auto& [state, sum_n] : by_state_) r.mean_detect_delay_by_state_s[state] = sum_n.first / sum_n.second;
    }

private:
    std::optional<PostureState> last_truth_;
    bool pending_ = false;  // a change waits to be reported
    std::int64_t changed_ms_ = 0;
    double sum_s_ = 0.0;
    std::map<PostureState, std::pair<double, int>> by_state_;
};

bool is_head_pose_state(PostureState s) {
    return std::find(kHeadPoseStates.begin(), kHeadPoseStates.end(), s) != kHeadPoseStates.end();
}

}  // namespace

EvalResult evaluate(FrameSource& source, const EvalOptions& options, std::unique_ptr<AlertModel> alerts,
                    const std::atomic<bool>* stop) {
    const auto start = source.start_time_ms();
    if (!start) throw ConfigError("eval needs a finite source with ground truth (sim:SCENARIO or file:PATH with labels)");
    if (!alerts) alerts = std::make_unique<HoldAlertModel>(options.alert_hold);
    ScratchDir scratch;
    auto analyzer = make_analyzer(options.tracker);
    EvalResult r;
    r.source = source.describe();
    r.analyzer = analyzer->name();
    r.reads_head_pose = analyzer->reads_head_pose();
    PostureTracker tracker(options.tracker, std::move(analyzer), scratch.path() / "baseline.json");
    std::optional<TickTrace> trace;
    if (!options.trace_file.empty()) trace.emplace(options.trace_file);

    DelayMeter delays;
    const std::int64_t cadence = options.cadence.count();
    double analysis_ms = 0.0;
    std::int64_t good_ms = 0;
    bool any_truth = false;
    for (std::int64_t t = *start;; t += cadence) {
        if (stop && *stop) break;
        t = source.next_tick_ms(t);
        auto frame = source.grab(t);
        if (!frame) break;
        ++r.ticks;
        // Sim scenarios press "calibrate" in their script, labelled recordings on their first frame.
        if (frame->truth && frame->truth->calibrate)
            tracker.request_calibration(t);
        if (frame->grey.empty()) continue;
        const auto t0 = std::chrono::steady_clock::now();
        const TickResult tick = tracker.process(*frame);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        analysis_ms += ms;
        for (const Event& e : tick.events) {
            if (e.type == EventType::calibration) ++r.calibrations;
            if (e.type == EventType::calibration_failed) {
                ++r.calibrations_refused;
                r.calibration_note = tick.note;
            }
        }
        if (trace) trace->write(tick, frame->truth ? std::optional(frame->truth->state) : std::nullopt, ms);
        if (!frame->truth) continue;
        any_truth = true;
        // Before the first baseline every tick is "uncalibrated": not a judgement.
        if (!tracker.calibrated()) continue;
        PostureState truth = frame->truth->state;
        if (!r.reads_head_pose && is_head_pose_state(truth)) {
            // Looking down and tilt are invisible to an analyzer without head
            // pose: scored as the good posture it can only report, and counted.
            if (std::find(r.folded_states.begin(), r.folded_states.end(), truth) == r.folded_states.end())
                r.folded_states.push_back(truth);
            ++r.folded_ticks;
            truth = PostureState::good;
        }
        ++r.scored_ticks;
        r.confusion.add(truth, tick.sample.state);
        delays.update(t, truth, tick.sample.state, r);
        if (truth == PostureState::good) good_ms += cadence;
        if (alerts->update(tick.sample)) {
            ++r.alerts;
            if (truth == PostureState::good) ++r.alerts_in_good;
        }
    }
    if (!any_truth)
        throw ConfigError("source " + r.source + " has no ground truth (give --labels FILE or use a sim: scenario)");
    delays.finish(r);
    const std::vector<PostureState> candidates(kMacroStates.begin(), kMacroStates.end());
    r.macro_states = r.confusion.supported(candidates);
    r.macro_f1 = r.confusion.macro_f1(candidates).value_or(0.0);
    if (r.scored_ticks == 0 && tracker.calibrating()) {
        r.problem = "the source ended while calibration was still waiting" +
                    (tracker.calibration_waiting_for().empty() ? std::string()
                                                               : ": " + tracker.calibration_waiting_for()) +
                    "; nothing was scored";
    } else if (r.scored_ticks == 0) {
        r.problem = r.calibrations == 0
                        ? "calibration never completed" +
                              (r.calibration_note.empty() ? std::string(" (no calibration was asked for)")
                                                          : ": " + r.calibration_note) +
                              "; nothing was scored"
                        : "no tick with ground truth after calibration; nothing was scored";
    }
    r.good_hours = static_cast<double>(good_ms) / 3'600'000.0;
    r.alerts_per_hour_good = r.good_hours > 0.0 ? r.alerts_in_good / r.good_hours : 0.0;
    r.analysis_ms_mean = r.ticks ? analysis_ms / static_cast<double>(r.ticks) : 0.0;
    return r;
}

}  // namespace pg::eval
