#include "vision/face_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace pg {
namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;

double length(cv::Point2f p) { return std::hypot(static_cast<double>(p.x), static_cast<double>(p.y)); }

}  // namespace

HeadPose head_pose_from_points(cv::Point2f right_eye, cv::Point2f left_eye, cv::Point2f nose, cv::Point2f mouth,
                               const cv::Point2f* right_ear, const cv::Point2f* left_ear) {
    HeadPose h;
    const cv::Point2f eye_line = left_eye - right_eye;
    const double eye_distance = length(eye_line);
    if (eye_distance < 1e-3) return h;
    h.roll_deg = std::atan2(static_cast<double>(eye_line.y), static_cast<double>(eye_line.x)) * kDeg;
    // Distances along and across the eye line, so a rolled head keeps its aspect.
    const cv::Point2f unit(static_cast<float>(eye_line.x / eye_distance), static_cast<float>(eye_line.y / eye_distance));
    const cv::Point2f normal(-unit.y, unit.x);
    const cv::Point2f eye_mid = (right_eye + left_eye) * 0.5f;
    h.aspect = (mouth - eye_mid).dot(normal) / eye_distance;

    cv::Point2f mid = eye_mid;
    double half_width = eye_distance / 2.0;
    if (right_ear && left_ear) {
        mid = (*right_ear + *left_ear) * 0.5f;
        half_width = std::max(half_width, length(*left_ear - *right_ear) / 2.0);
    }
    const double offset = (nose - mid).dot(unit) / half_width;
    h.yaw_deg = std::asin(std::clamp(offset, -1.0, 1.0)) * kDeg;
    return h;
}

double nose_pitch_deg(cv::Point2f right_eye, cv::Point2f left_eye, cv::Point2f nose, double face_height) {
    const cv::Point2f eye_line = left_eye - right_eye;
    const double eye_distance = length(eye_line);
    if (eye_distance < 1e-3 || !(face_height > 0.0)) return 0.0;
    // Across the eye line, so a rolled head reads the same.
    const cv::Point2f normal(static_cast<float>(-eye_line.y / eye_distance),
                             static_cast<float>(eye_line.x / eye_distance));
    const double below = (nose - (right_eye + left_eye) * 0.5f).dot(normal) / face_height;
    return below / kNoseLeadOfEyesInFaceHeights * kDeg;
}

double pitch_from_aspect(double aspect, double baseline_aspect) {
    if (!(aspect > 0.0) || !(baseline_aspect > 0.0)) return 0.0;
    return std::acos(std::clamp(aspect / baseline_aspect, 0.0, 1.0)) * kDeg;
}

}  // namespace pg
