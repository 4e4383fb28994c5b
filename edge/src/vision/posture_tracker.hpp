#pragma once

#include "pg/batch.hpp"
#include "source/frame.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/posture_estimator.hpp"
#include "vision/tracker_config.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pg {

// What one tick of analysis produced: the sample to publish and any events
// (calibration done or refused, camera moved).
struct TickResult {
    Sample sample;
    std::vector<Event> events;
    bool face_found = false;
    int faces = 0;     // plausible faces the analyzer saw
    std::string note;  // why a calibration was refused, for the user
    // This tick's metrics against the baseline, and the filtered ones the
    // posture was judged on (both empty without a face or a baseline): what a
    // trace shows so a user can see why the device said what it said.
    std::optional<PostureMetrics> raw;
    std::optional<PostureMetrics> judged;
};

// Analyzer -> estimator -> smoothing/hysteresis, with calibration against a
// baseline kept in `baseline_file` (written atomically, read at start-up).
class PostureTracker {
public:
    PostureTracker(TrackerConfig config, std::unique_ptr<FaceAnalyzer> analyzer,
                   std::filesystem::path baseline_file);
    ~PostureTracker();
    PostureTracker(const PostureTracker&) = delete;
    PostureTracker& operator=(const PostureTracker&) = delete;

    TickResult process(const Frame& frame);
    // Starts collecting a new baseline from the next frames ("sit up straight").
    void request_calibration(std::int64_t t_ms);
    bool calibrated() const;
    // After a pause: no smoothed state, filter window, face track or dwell is
    // carried over to whoever sits there now; the baseline stays.
    void reset_analysis();
    // SIGHUP: reads the baseline file again. A missing, damaged or other-analyzer
    // file keeps the baseline in use. Returns what happened, for the log.
    std::string reload_baseline();
    bool calibrating() const;
    // While a calibration waits for the user to sit still: why (empty otherwise).
    const std::string& calibration_waiting_for() const;
    // The face has stayed far from the calibrated position for a minute (a
    // camera_moved event said so): on until it is back near it or recalibrated.
    bool camera_moved() const;
    // What the analyzer saw in the last processed frame, and the calibrated face
    // in a frame of `size` (nullopt while uncalibrated): for the setup preview.
    const Observation& last_observation() const;
    std::optional<cv::Rect2f> baseline_face(cv::Size size) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pg
