#include "vision/calibration.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace pg {
namespace {

// A face must be found in most frames: a few misses are normal for a cascade,
// many mean the user is not facing the camera.
constexpr double kMinFoundFraction = 0.8;
// Steady = within this many face sizes of the median in position and size. The
// detector itself jitters by a few percent; a person settling in moves more.
constexpr double kSteadyDeviation = 0.12;
constexpr double kMinSteadyFraction = 0.8;

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    const std::size_t half = v.size() / 2;
    auto mid = v.begin() + static_cast<std::ptrdiff_t>(half);
    std::nth_element(v.begin(), mid, v.end());
    const double upper = v[half];
    if (v.size() % 2) return upper;
    // Even count: the lower middle is the largest value left of `mid`.
    double lower = v[0];
    for (std::size_t i = 1; i < half; ++i) lower = std::max(lower, v[i]);
    return (lower + upper) / 2.0;
}

Baseline medians(const std::vector<Baseline>& obs) {
    auto field = [&](double Baseline::*f) {
        std::vector<double> v;
        for (const auto& b : obs) v.push_back(b.*f);
        return median(std::move(v));
    };
    Baseline m;
    m.cx = field(&Baseline::cx);
    m.cy = field(&Baseline::cy);
    m.width = field(&Baseline::width);
    m.height = field(&Baseline::height);
    // The head's neutral orientation only when every frame had one: a median
    // over a mix would describe frames the rest never saw.
    if (std::all_of(obs.begin(), obs.end(), [](const Baseline& b) { return b.head.has_value(); })) {
        std::vector<double> roll, aspect, pitch;
        for (const auto& b : obs) {
            roll.push_back(b.head->roll_deg);
            aspect.push_back(b.head->aspect);
            if (b.head->pitch_deg) pitch.push_back(*b.head->pitch_deg);
        }
        Baseline::Head h;
        h.roll_deg = median(std::move(roll));
        h.aspect = median(std::move(aspect));
        if (pitch.size() == obs.size()) h.pitch_deg = median(std::move(pitch));
        m.head = h;
    }
    return m;
}

double deviation(const Baseline& b, const Baseline& m) {
    return std::max({std::abs(b.cx - m.cx) / m.width, std::abs(b.cy - m.cy) / m.height,
                     std::abs(b.width - m.width) / m.width});
}

}  // namespace

Calibration::Calibration(std::chrono::milliseconds duration, int min_frames)
    : Calibration(duration, min_frames, duration) {}

Calibration::Calibration(std::chrono::milliseconds duration, int min_frames, std::chrono::milliseconds patience)
    : duration_(duration), min_frames_(std::max(1, min_frames)), patience_(std::max(duration, patience)) {}

void Calibration::start(std::int64_t t_ms) {
    active_ = true;
    start_ms_ = t_ms;
    window_.clear();
    waiting_.clear();
}

std::optional<Calibration::Result> Calibration::add(std::int64_t t_ms, const std::optional<cv::Rect2f>& face,
                                                    cv::Size frame, const std::optional<HeadPose>& head) {
    if (!active_) return std::nullopt;
    Tick tick{t_ms, std::nullopt};
    if (face) {
        Baseline b = Baseline::from_face(*face, frame);
        if (head) b.head = Baseline::Head{head->roll_deg, head->aspect, head->pitch_deg};
        tick.seen = b;
    }
    window_.push_back(tick);
    // The window is the newest `duration` (the first tick counts from the press),
    // but never fewer than min_frames ticks.
    while (window_.size() > static_cast<std::size_t>(min_frames_) && t_ms - window_[1].t_ms >= duration_.count())
        window_.pop_front();
    if (t_ms - start_ms_ < duration_.count() || window_.size() < static_cast<std::size_t>(min_frames_))
        return std::nullopt;
    Result r = judge(t_ms);
    if (!r.baseline && t_ms - start_ms_ < patience_.count()) {
        waiting_ = r.reason;
        return std::nullopt;
    }
    active_ = false;
    waiting_.clear();
    return r;
}

Calibration::Result Calibration::judge(std::int64_t t_ms) const {
    std::vector<Baseline> seen;
    for (const Tick& t : window_)
        if (t.seen) seen.push_back(*t.seen);
    Result r;
    r.ticks = static_cast<int>(window_.size());
    r.faces = static_cast<int>(seen.size());
    if (r.faces < min_frames_ || r.faces < kMinFoundFraction * r.ticks) {
        std::ostringstream os;
        os << "face not found steadily (in " << r.faces << " of " << r.ticks
           << " frames); sit facing the camera in good light and try again";
        r.failure = Failure::face_not_steady;
        r.reason = os.str();
        return r;
    }
    const Baseline m = medians(seen);
    std::vector<Baseline> steady;
    for (const auto& b : seen)
        if (deviation(b, m) <= kSteadyDeviation) steady.push_back(b);
    r.used = static_cast<int>(steady.size());
    if (r.used < min_frames_ || r.used < kMinSteadyFraction * r.faces) {
        std::ostringstream os;
        os << "moved too much (only " << r.used << " of " << r.faces
           << " frames steady); sit still, upright, for the whole calibration";
        r.failure = Failure::moved_too_much;
        r.reason = os.str();
        return r;
    }
    Baseline b = medians(steady);
    b.t_ms = t_ms;
    b.frames = r.used;
    r.baseline = b;
    return r;
}

}  // namespace pg
