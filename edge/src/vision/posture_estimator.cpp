#include "vision/posture_estimator.hpp"

#include "vision/face_geometry.hpp"

#include <algorithm>
#include <cmath>

namespace pg {

PostureMetrics measure(const cv::Rect2f& face, cv::Size frame, const Baseline& b) {
    const cv::Rect2f base = b.face_in(frame);
    PostureMetrics m;
    m.width_ratio = base.width > 0 ? face.width / base.width : 1.0;
    const double cx = face.x + face.width / 2.0, cy = face.y + face.height / 2.0;
    const double bx = base.x + base.width / 2.0, by = base.y + base.height / 2.0;
    m.drop = base.height > 0 ? (cy - by) / base.height : 0.0;
    m.lateral = base.width > 0 ? (cx - bx) / base.width : 0.0;
    return m;
}

PostureMetrics measure(const Observation& obs, cv::Size frame, const Baseline& b) {
    PostureMetrics m = measure(obs.face, frame, b);
    if (!obs.head || !b.head) return m;
    m.has_head = true;
    const HeadPose& h = *obs.head;
    m.pitch_deg = h.pitch_deg && b.head->pitch_deg ? *h.pitch_deg - *b.head->pitch_deg
                                                    : pitch_from_aspect(h.aspect, b.head->aspect);
    m.roll_deg = h.roll_deg - b.head->roll_deg;
    m.yaw_deg = h.yaw_deg;
    return m;
}

PostureState PostureEstimator::classify(const PostureMetrics& m, PostureState current) const {
    const double forward = current == PostureState::forward_head ? config_.forward_exit : config_.forward_enter;
    const double slouch = current == PostureState::slouch ? config_.slouch_exit : config_.slouch_enter;
    // A head bowed about the neck brings the face closer and lower (a 30-degree
    // bow: ~9 % wider on the rendered head), so a pitch that says looking down
    // explains those; forward head and slouch are judged on a level head.
    if (m.has_head) {
        const double down =
            current == PostureState::looking_down ? config_.looking_down_exit : config_.looking_down_enter;
        if (m.pitch_deg >= down) return PostureState::looking_down;
    }
    if (m.width_ratio >= forward) return PostureState::forward_head;
    if (m.drop >= slouch) return PostureState::slouch;
    if (m.has_head) {
        const double tilt = current == PostureState::tilt ? config_.tilt_exit : config_.tilt_enter;
        if (std::abs(m.roll_deg) >= tilt) return PostureState::tilt;
    }
    return PostureState::good;
}

// Each signal's excess is measured in units of its enter threshold:
//   f = max(0, ratio - 1) / (forward_enter - 1)     (0 at baseline, 1 at the threshold)
//   d = max(0, drop) / slouch_enter
//   b = sqrt(f^2 + d^2)                              (both bad at once is worse)
//   score = 100 - 30 * min(b, 1) - 35 * max(0, b - 1), clamped to 0..100
// so the baseline scores 100, a posture right at a threshold 70, twice as far
// (ratio 1.20 with the defaults) 35, and ~2.9x as far 0. Leaning back or sitting
// higher than the baseline is not penalised.
std::uint8_t PostureEstimator::score(const PostureMetrics& m) const {
    const double f = std::max(0.0, m.width_ratio - 1.0) / std::max(1e-6, config_.forward_enter - 1.0);
    const double d = std::max(0.0, m.drop) / std::max(1e-6, config_.slouch_enter);
    // Looking down and tilt weigh in like the others, in units of their thresholds.
    const double p = m.has_head ? std::max(0.0, m.pitch_deg) / std::max(1e-6, config_.looking_down_enter) : 0.0;
    const double r = m.has_head ? std::abs(m.roll_deg) / std::max(1e-6, config_.tilt_enter) : 0.0;
    const double b = std::sqrt(f * f + d * d + p * p + r * r);
    const double s = 100.0 - 30.0 * std::min(b, 1.0) - 35.0 * std::max(0.0, b - 1.0);
    return static_cast<std::uint8_t>(std::lround(std::clamp(s, 0.0, 100.0)));
}

}  // namespace pg
