#pragma once

#include "pg/posture_state.hpp"
#include "vision/baseline_store.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/tracker_config.hpp"

#include <opencv2/core/types.hpp>

#include <cstdint>

namespace pg {

// How the current face compares with the calibrated one.
struct PostureMetrics {
    double width_ratio = 1.0;  // face width / baseline width (pinhole: 1.20 ~ 10 cm closer at 60 cm)
    double drop = 0.0;         // centre drop in baseline face heights, + = lower
    double lateral = 0.0;      // centre offset in baseline face widths, + = right
    // Head orientation change from the baseline, when both have one.
    bool has_head = false;
    double pitch_deg = 0.0;  // + = looking down
    double roll_deg = 0.0;   // + = clockwise in the image
    double yaw_deg = 0.0;    // absolute (turning to a second monitor is not bad posture)
};

PostureMetrics measure(const cv::Rect2f& face, cv::Size frame, const Baseline& baseline);
// The same plus the head's orientation change when the observation has one.
PostureMetrics measure(const Observation& obs, cv::Size frame, const Baseline& baseline);

// Judges one observation against the thresholds; stateless apart from the
// configuration, so the smoother above it owns all the history.
class PostureEstimator {
public:
    explicit PostureEstimator(const TrackerConfig& config) : config_(config) {}

    // The posture these metrics show. `current` is the smoothed state: while in
    // a bad posture, the (lower) exit threshold applies, giving hysteresis.
    // Leaning in is checked first because it also lowers the face a little;
    // looking down and tilt only where the analyzer reads the head's orientation.
    PostureState classify(const PostureMetrics& m, PostureState current) const;

    // 0..100, 100 at the baseline; see the formula in posture_estimator.cpp.
    std::uint8_t score(const PostureMetrics& m) const;

private:
    TrackerConfig config_;
};

}  // namespace pg
