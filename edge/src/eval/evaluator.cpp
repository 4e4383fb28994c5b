#include "eval/evaluator.hpp"

#include "pg/errors.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/posture_tracker.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
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
            r.max_detect_delay_s = std::max(r.max_detect_delay_s, d);
            ++r.detected_changes;
            pending_ = false;
        }
    }
    void finish(EvalResult& r) const {
        if (pending_) ++r.missed_changes;
        r.mean_detect_delay_s = r.detected_changes ? sum_s_ / r.detected_changes : 0.0;
    }

private:
    std::optional<PostureState> last_truth_;
    bool pending_ = false;  // a change waits to be reported
    std::int64_t changed_ms_ = 0;
    double sum_s_ = 0.0;
};

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
    PostureTracker tracker(options.tracker, std::move(analyzer), scratch.path() / "baseline.json");

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
        analysis_ms += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (!frame->truth) continue;
        any_truth = true;
        // Before the first baseline every tick is "uncalibrated": not a judgement.
        if (!tracker.calibrated()) continue;
        const PostureState truth = frame->truth->state;
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
    r.macro_f1 = r.confusion.macro_f1({kMacroStates.begin(), kMacroStates.end()});
    r.good_hours = static_cast<double>(good_ms) / 3'600'000.0;
    r.alerts_per_hour_good = r.good_hours > 0.0 ? r.alerts_in_good / r.good_hours : 0.0;
    r.analysis_ms_mean = r.ticks ? analysis_ms / static_cast<double>(r.ticks) : 0.0;
    return r;
}

}  // namespace pg::eval
