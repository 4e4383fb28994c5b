#include "vision/posture_tracker.hpp"

#include "pg/log.hpp"
#include "vision/calibration.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/metrics_filter.hpp"
#include "vision/posture_estimator.hpp"
#include "vision/state_smoother.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pg {
namespace {

constexpr std::string_view kLog = "posture";
// The face far from the baseline (more than a face width sideways or above it)
// for this long means the camera was moved: the baseline no longer fits.
constexpr std::int64_t kCameraMovedAfterMs = 60'000;
constexpr double kCameraMovedOffset = 1.0;

std::int16_t centi(double v) {
    return static_cast<std::int16_t>(std::lround(std::clamp(v * 100.0, -32768.0, 32767.0)));
}

std::int16_t degrees(double v) { return static_cast<std::int16_t>(std::lround(std::clamp(v, -180.0, 180.0))); }

}  // namespace

struct PostureTracker::Impl {
    Impl(TrackerConfig c, std::unique_ptr<FaceAnalyzer> a, std::filesystem::path file)
        : config(std::move(c)), analyzer(std::move(a)), store(std::move(file)), estimator(config),
          smoother(config.enter_ticks, config.head_enter_ticks, config.exit_ticks, PostureState::away),
          filter(config.body_window, config.head_window),
          calibration(config.calibration_duration, config.calibration_min_frames, config.calibration_patience) {
        if (!analyzer) throw std::invalid_argument("PostureTracker needs an analyzer");
        check_tracker_config(config);
        baseline = store.load();
        if (baseline && !baseline->analyzer.empty() && baseline->analyzer != analyzer->name()) {
            // Another analyzer's boxes would read as leaning in or back.
            log::warn(kLog, "the baseline in ", store.file().string(), " was taken with the ", baseline->analyzer,
                      " analyzer, this run uses ", analyzer->name(), ": recalibrate");
            baseline.reset();
        }
        if (baseline) log::info(kLog, "loaded baseline from ", store.file().string());
    }

    void finish_calibration(const Calibration::Result& r, std::int64_t t_ms, TickResult& out);
    void check_camera_moved(const PostureMetrics& m, std::int64_t t_ms, TickResult& out);
    void judge(const Observation& obs, cv::Size frame, TickResult& out);

    TrackerConfig config;
    std::unique_ptr<FaceAnalyzer> analyzer;
    BaselineStore store;
    std::optional<Baseline> baseline;
    PostureEstimator estimator;
    StateSmoother smoother;
    MetricsFilter filter;
    Calibration calibration;
    cv::Size reference_size;  // the frame size the analyzer's reference was given for
    int misses = 0;
    Sample held;  // the last judged sample, kept while a face is briefly missed
    std::optional<std::int64_t> off_baseline_since;
    bool moved_reported = false;
    bool old_pitch_warned = false;
    Observation last;
};

void PostureTracker::Impl::finish_calibration(const Calibration::Result& r, std::int64_t t_ms, TickResult& out) {
    if (!r.baseline) {
        log::warn(kLog, "calibration refused: ", r.reason);
        out.note = r.reason;
        out.events.push_back({t_ms, EventType::calibration_failed, static_cast<std::int32_t>(r.failure)});
        return;
    }
    baseline = r.baseline;
    baseline->analyzer = analyzer->name();
    reference_size = {};
    misses = 0;
    off_baseline_since.reset();
    moved_reported = false;
    smoother.reset(PostureState::good);  // the user has just sat up straight
    filter.reset();
    try {
        store.save(*baseline);
    } catch (const std::exception& e) {
        // Still calibrated for this run; only the next start-up loses it.
        log::error(kLog, "calibrated, but the baseline could not be saved: ", e.what());
    }
    log::info(kLog, "calibrated from ", r.used, " of ", r.ticks, " frames");
    out.events.push_back({t_ms, EventType::calibration, r.used});
}

void PostureTracker::Impl::check_camera_moved(const PostureMetrics& m, std::int64_t t_ms, TickResult& out) {
    if (std::abs(m.lateral) <= kCameraMovedOffset && m.drop >= -kCameraMovedOffset) {
        off_baseline_since.reset();
        moved_reported = false;
        return;
    }
    if (!off_baseline_since) off_baseline_since = t_ms;
    if (!moved_reported && t_ms - *off_baseline_since >= kCameraMovedAfterMs) {
        moved_reported = true;
        log::warn(kLog, "the face has been far from the calibrated position for a minute: "
                        "was the camera moved? Recalibrate.");
        out.events.push_back({t_ms, EventType::camera_moved, centi(m.lateral)});
    }
}

void PostureTracker::Impl::judge(const Observation& obs, cv::Size frame, TickResult& out) {
    Sample& s = out.sample;
    if (obs.found) {
        misses = 0;
        if (!old_pitch_warned && obs.head && obs.head->pitch_deg && baseline->head && !baseline->head->pitch_deg) {
            // A baseline from before the analyzer read pitch: the aspect rule it
            // falls back to barely moves for a bow, so looking down goes unseen.
            old_pitch_warned = true;
            log::warn(kLog, "the baseline in ", store.file().string(),
                      " has no pitch reading (taken by an older version): looking down is judged from the face's"
                      " shape, which misses most bows, until you recalibrate");
        }
        const PostureMetrics raw = measure(obs, frame, *baseline);
        const PostureMetrics m = filter.update(raw);
        const PostureState state = smoother.update(estimator.classify(m, smoother.state()));
        check_camera_moved(raw, s.t_ms, out);
        out.raw = raw;
        out.judged = m;
        s.state = state;
        s.score = state == PostureState::away ? 0 : estimator.score(m);
        s.width_c = centi(m.width_ratio);
        s.drop_c = centi(m.drop);
        s.pitch_deg = degrees(m.pitch_deg);
        s.roll_deg = degrees(m.roll_deg);
        held = s;
        return;
    }
    // A face lost for a tick or two is usually the detector, not the user: hold
    // the last judgement until away_ticks misses in a row.
    if (++misses >= config.away_ticks) {
        s.state = smoother.update(PostureState::away);
        filter.reset();  // whoever sits down next starts afresh
        return;
    }
    s.state = smoother.state();
    if (s.state != PostureState::away) {
        s.score = held.score;
        s.width_c = held.width_c;
        s.drop_c = held.drop_c;
        s.pitch_deg = held.pitch_deg;
        s.roll_deg = held.roll_deg;
    }
}

PostureTracker::PostureTracker(TrackerConfig config, std::unique_ptr<FaceAnalyzer> analyzer,
                               std::filesystem::path baseline_file)
    : impl_(std::make_unique<Impl>(std::move(config), std::move(analyzer), std::move(baseline_file))) {}

PostureTracker::~PostureTracker() = default;

TickResult PostureTracker::process(const Frame& frame) {
    Impl& d = *impl_;
    const cv::Size size = frame.grey.size();
    if (d.baseline && size != d.reference_size) {
        d.analyzer->set_reference(d.baseline->face_in(size));
        d.reference_size = size;
    }
    d.last = d.analyzer->analyze(frame.grey);
    const Observation& obs = d.last;

    TickResult out;
    out.face_found = obs.found;
    out.faces = obs.faces;
    out.sample.t_ms = frame.t_ms;
    out.sample.state = PostureState::uncalibrated;
    const bool dark = obs.brightness < d.config.min_brightness;
    if (d.calibration.active()) {
        auto face = obs.found && !dark ? std::optional<cv::Rect2f>(obs.face) : std::nullopt;
        const std::string was_waiting = d.calibration.waiting_for();
        if (auto r = d.calibration.add(frame.t_ms, face, size, obs.found ? obs.head : std::nullopt)) {
            d.finish_calibration(*r, frame.t_ms, out);
        } else if (!d.calibration.waiting_for().empty()) {
            // Say why it is still waiting, once per change of reason kind.
            out.note = "calibrating, waiting: " + d.calibration.waiting_for();
            if (was_waiting.empty()) log::info(kLog, out.note);
        }
    }
    if (dark) {
        // Not the user's fault and not evidence of anything: leave the smoothed
        // state alone so the posture picks up where it was when the light returns.
        out.sample.state = PostureState::too_dark;
        return out;
    }
    if (!d.baseline) return out;
    d.judge(obs, size, out);
    return out;
}

void PostureTracker::request_calibration(std::int64_t t_ms) {
    log::info(kLog, "calibrating: sit up straight and look at the screen");
    impl_->calibration.start(t_ms);
}

bool PostureTracker::calibrated() const { return impl_->baseline.has_value(); }

void PostureTracker::reset_analysis() {
    Impl& d = *impl_;
    d.smoother.reset(PostureState::away);
    d.filter.reset();
    d.misses = 0;
    d.held = Sample{};
    d.off_baseline_since.reset();
    d.moved_reported = false;
    d.reference_size = {};  // the analyzer's face track starts over too
}

std::string PostureTracker::reload_baseline() {
    Impl& d = *impl_;
    auto b = d.store.load();
    if (!b) return "no usable baseline in " + d.store.file().string() + "; keeping the one in use";
    if (!b->analyzer.empty() && b->analyzer != d.analyzer->name())
        return "the baseline in " + d.store.file().string() + " is from the " + b->analyzer +
               " analyzer; keeping the one in use";
    d.baseline = b;
    d.reference_size = {};
    d.off_baseline_since.reset();
    d.moved_reported = false;
    return "baseline reloaded from " + d.store.file().string();
}
bool PostureTracker::calibrating() const { return impl_->calibration.active(); }
const std::string& PostureTracker::calibration_waiting_for() const { return impl_->calibration.waiting_for(); }
bool PostureTracker::camera_moved() const { return impl_->baseline && impl_->moved_reported; }
const Observation& PostureTracker::last_observation() const { return impl_->last; }

std::optional<cv::Rect2f> PostureTracker::baseline_face(cv::Size size) const {
    if (!impl_->baseline) return std::nullopt;
    return impl_->baseline->face_in(size);
}

}  // namespace pg
