#include "vision/face_geometry.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>

namespace pg {
namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;

double length(cv::Point2f p) { return std::hypot(static_cast<double>(p.x), static_cast<double>(p.y)); }

// The eye line as a frame: along it and across it (down for an upright face),
// so distances read the same on a rolled head. Empty when the eyes coincide.
struct EyeFrame {
    cv::Point2f mid, unit, normal;
    double distance = 0.0;
};
std::optional<EyeFrame> eye_frame(cv::Point2f right_eye, cv::Point2f left_eye) {
    const cv::Point2f line = left_eye - right_eye;
    const double d = length(line);
    if (d < 1e-3) return std::nullopt;
    const cv::Point2f unit(static_cast<float>(line.x / d), static_cast<float>(line.y / d));
    return EyeFrame{(right_eye + left_eye) * 0.5f, unit, cv::Point2f(-unit.y, unit.x), d};
}

}  // namespace

HeadPose head_pose_from_points(cv::Point2f right_eye, cv::Point2f left_eye, cv::Point2f nose, cv::Point2f mouth,
                               const cv::Point2f* right_ear, const cv::Point2f* left_ear) {
    HeadPose h;
    const auto eyes = eye_frame(right_eye, left_eye);
    if (!eyes) return h;
    const cv::Point2f unit = eyes->unit;
    h.roll_deg = std::atan2(static_cast<double>(unit.y), static_cast<double>(unit.x)) * kDeg;
    h.aspect = (mouth - eyes->mid).dot(eyes->normal) / eyes->distance;

    cv::Point2f mid = eyes->mid;
    double half_width = eyes->distance / 2.0;
    if (right_ear && left_ear) {
        mid = (*right_ear + *left_ear) * 0.5f;
        half_width = std::max(half_width, length(*left_ear - *right_ear) / 2.0);
    }
    const double offset = (nose - mid).dot(unit) / half_width;
    h.yaw_deg = std::asin(std::clamp(offset, -1.0, 1.0)) * kDeg;
    return h;
}

double nose_pitch_deg(cv::Point2f right_eye, cv::Point2f left_eye, cv::Point2f nose, double face_height) {
    const auto eyes = eye_frame(right_eye, left_eye);
    if (!eyes || !(face_height > 0.0)) return 0.0;
    const double below = (nose - eyes->mid).dot(eyes->normal) / face_height;
    return below / kNoseLeadOfEyesInFaceHeights * kDeg;
}

double pitch_from_aspect(double aspect, double baseline_aspect) {
    if (!(aspect > 0.0) || !(baseline_aspect > 0.0)) return 0.0;
    return std::acos(std::clamp(aspect / baseline_aspect, 0.0, 1.0)) * kDeg;
}

}  // namespace pg
