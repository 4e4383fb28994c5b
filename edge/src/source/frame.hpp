#pragma once

#include "pg/posture_state.hpp"

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <cstdint>
#include <optional>

namespace pg {

// What a scripted source knows about the scene it drew, for evaluation.
struct GroundTruth {
    PostureState state = PostureState::good;
    bool calibrate = false;  // the user asks for calibration at this tick (button, CLI)
    // Where the scene drew the photo's detected face box (full-frame pixels), and
    // the pose relative to the user's neutral one; empty / 0 when nobody is there.
    std::optional<cv::Rect2f> face;
    double width_ratio = 0.0;  // drawn face width / neutral face width (neutral distance / distance)
    double drop = 0.0;         // face centre drop below neutral, in neutral face heights
    // The head's rotation relative to the neutral pose, degrees, in the head
    // pose solver's conventions: + pitch = looking down, + yaw = nose towards
    // the image's right, + roll = clockwise in the picture.
    double pitch_deg = 0.0;
    double yaw_deg = 0.0;
    double roll_deg = 0.0;
};

// One grey frame. The pipeline owns it only for the tick it is analysed in.
struct Frame {
    cv::Mat grey;  // CV_8UC1
    std::int64_t t_ms = 0;
    std::uint64_t index = 0;
    std::optional<GroundTruth> truth;
};

}  // namespace pg
