#pragma once

#include "source/frame_source.hpp"
#include "vision/baseline_store.hpp"
#include "vision/tracker_config.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace pg {

struct CalibrateOutcome {
    std::optional<Baseline> baseline;  // set when a baseline was taken and saved
    std::string message;               // what happened, for the user
};

// `pg-edge calibrate`: watches the source for calibration.duration while the
// user sits upright, and writes the baseline atomically to `baseline_file` only
// when the face was found steadily. Live sources run in real time; a simulated
// one runs on its own clock from its scripted "calibrate" press.
CalibrateOutcome calibrate_from_source(FrameSource& source, const TrackerConfig& config,
                                       std::chrono::milliseconds cadence, const std::filesystem::path& baseline_file,
                                       const std::atomic<bool>& stop);

}  // namespace pg
