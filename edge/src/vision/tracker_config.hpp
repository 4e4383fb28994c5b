#pragma once

#include <chrono>
#include <string>

namespace pg {

class ConfigBinder;

// Analysis and posture thresholds ([analysis], [posture], [calibration] tables).
// Defaults are the product's defaults; every one is documented in README.md.
struct TrackerConfig {
    std::string analyzer = "cascade";
    int analysis_width = 320;
    // The cascade file (in opencv-data's haarcascades/ or lbpcascades/). alt2 was
    // the most precise on the simulated scene at ~4 ms per 320x240 frame with
    // tracking on x86; lbpcascade_frontalface.xml is ~4x faster for a Pi Zero.
    std::string cascade = "haarcascade_frontalface_alt2.xml";
    // Mean grey level (0..255) below which the frame is too dark to judge.
    double min_brightness = 35.0;

    // Leaning in: face width / calibrated width. Enter above `enter`, leave only
    // below `exit`, so a value hovering at the threshold does not flap.
    double forward_enter = 1.10;
    double forward_exit = 1.06;
    // Slouch: face centre drop in calibrated face heights.
    double slouch_enter = 0.35;
    double slouch_exit = 0.20;
    int enter_ticks = 3;  // consecutive ticks of a bad posture before it is reported
    int exit_ticks = 3;   // consecutive ticks of another state before leaving it
    int away_ticks = 2;   // consecutive ticks without a face before the user is away

    std::chrono::milliseconds calibration_duration{5000};
    int calibration_min_frames = 5;
};

void bind_tracker_config(ConfigBinder& binder, TrackerConfig& config);

// Cross-field checks the per-key ranges cannot express (exit below enter, ...).
// Throws ConfigError naming the keys.
void check_tracker_config(const TrackerConfig& config);

}  // namespace pg
