#pragma once

#include "vision/face_analyzer.hpp"

#include <opencv2/core/types.hpp>

namespace pg {

// Head orientation from four facial points (full-frame pixels). Eyes are the
// person's: the right eye is on the image's left for a camera facing the user.
// Roll is the eye line's slope; yaw compares the nose with the ears' midpoint
// (or the eyes' when no ears are given); `aspect` is the eye-line-to-mouth height
// over the eye distance, which shrinks as cos(pitch) when the head nods.
HeadPose head_pose_from_points(cv::Point2f right_eye, cv::Point2f left_eye, cv::Point2f nose, cv::Point2f mouth,
                               const cv::Point2f* right_ear = nullptr, const cv::Point2f* left_ear = nullptr);

// Pitch change (degrees, + = down) between a face with `aspect` and the
// calibrated `baseline_aspect`: acos of their ratio, as a nod foreshortens the
// face vertically. Never negative: a 2D face cannot tell a nod up from down, and
// only down matters for posture.
double pitch_from_aspect(double aspect, double baseline_aspect);

}  // namespace pg
