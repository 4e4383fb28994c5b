#pragma once

#include <chrono>
#include <string>

namespace pg {

class ConfigBinder;

// Analysis and posture thresholds ([analysis], [posture], [calibration] tables).
// Defaults are the product's defaults; every one is documented in README.md.
struct TrackerConfig {
    // mesh (default: BlazeFace + the 468-point face mesh + solvePnP), blazeface,
    // landmarks (dlib builds) or cascade. A missing model falls back visibly:
    // mesh -> blazeface -> cascade.
    std::string analyzer = "mesh";
    int analysis_width = 320;
    std::string model;           // BlazeFace ONNX file; empty: search model_search_dirs()
    double min_face_score = 0.6; // BlazeFace detection probability to accept a face
    std::string mesh_model;      // face_landmark_468.onnx; empty: search
    std::string mesh_geometry;   // the canonical face (face_geometry.binarypb); empty: search
    double min_presence = 0.5;   // the face mesh's own face presence, 0..1
    // The camera's horizontal field of view: the pinhole model solvePnP uses.
    // Pi Camera Module 2 62.2 degrees, Module 3 66, most USB webcams 55-70; a
    // wrong value scales the distance (compared with the calibrated one) and
    // bends the angles by a degree or two.
    double camera_fov = 62.0;
    std::string landmark_model;  // dlib predictor; empty: Debian libdlib-data's file
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
    // Looking down ("text neck"): head pitch change from the baseline, degrees.
    // Analyzers that read a head pose report it (mesh, landmarks, BlazeFace's
    // nose reading; not the cascade). Talking and quick nods reach ~20 degrees
    // for a tick or two, which the head window and dwell absorb.
    double looking_down_enter = 25.0;
    double looking_down_exit = 18.0;
    // Tilt: head roll change from the baseline (eye line), degrees.
    double tilt_enter = 15.0;
    double tilt_exit = 10.0;
    int enter_ticks = 3;       // consecutive ticks of forward head or slouch before it is reported
    int head_enter_ticks = 3;  // the same for looking down and tilt
    int exit_ticks = 2;        // consecutive ticks of another state before leaving it
    int away_ticks = 2;        // consecutive ticks without a face before the user is away
    // Median windows (ticks) the signals are judged over, see MetricsFilter:
    // the body's distance and drop, and the head's pitch and roll.
    int body_window = 1;
    int head_window = 3;

    std::chrono::milliseconds calibration_duration{5000};
    // How long a calibration waits for `duration` of steady sitting before it
    // gives up (people settle in for a moment after pressing the button).
    std::chrono::milliseconds calibration_patience{20000};
    int calibration_min_frames = 5;
};

void bind_tracker_config(ConfigBinder& binder, TrackerConfig& config);

// Cross-field checks the per-key ranges cannot express (exit below enter, ...).
// Throws ConfigError naming the keys.
void check_tracker_config(const TrackerConfig& config);

}  // namespace pg
