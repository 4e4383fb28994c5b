#pragma once

#include "pg/batch.hpp"
#include "source/frame.hpp"
#include "vision/tracker_config.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pg {

class FaceAnalyzer;

// What one tick of analysis produced: the sample to publish and any events
// (calibration done or refused, camera moved).
struct TickResult {
    Sample sample;
    std::vector<Event> events;
    bool face_found = false;
    std::string note;  // why a calibration was refused, for the user
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
    bool calibrating() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pg
