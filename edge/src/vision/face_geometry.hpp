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

// A pitch reading (degrees, + = down) from where the nose tip sits below the
// eye line, in face-box heights: the tip stands about 0.2 box heights (~3 cm) in
// front of the eyes, so a nod by p moves it 0.2 sin(p) box heights down against
// them (0.1 at 30 degrees on the rendered canonical head; 0.03 while a real
// user talks). Linear in that offset, so the difference from a calibrated
// reading is the pitch change; its zero means nothing by itself. The box
// height, unlike the eye distance, does not shrink when the head turns to a
// second monitor, and unlike the mouth it does not move when the user talks.
double nose_pitch_deg(cv::Point2f right_eye, cv::Point2f left_eye, cv::Point2f nose, double face_height);
inline constexpr double kNoseLeadOfEyesInFaceHeights = 0.2;

// Pitch change (degrees, + = down) between a face with `aspect` and the
// calibrated `baseline_aspect`: acos of their ratio, as a nod foreshortens the
// face vertically. Never negative: a 2D face cannot tell a nod up from down, and
// only down matters for posture. Only for baselines stored before
// nose_pitch_deg: the mouth stands in front of the eyes, so a small nod
// lengthens the face instead (aspect 1.03 -> 1.11 at 30 degrees) and this reads 0.
double pitch_from_aspect(double aspect, double baseline_aspect);

}  // namespace pg
