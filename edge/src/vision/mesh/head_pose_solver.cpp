#include "vision/mesh/head_pose_solver.hpp"

#include <opencv2/calib3d.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace pg {
namespace {

constexpr double kDeg = 180.0 / std::numbers::pi;
// The canonical face's middle (between forehead and chin, at the nose's base)
// and its frontal size (cheek to cheek, forehead to chin), canonical units.
const cv::Vec3d kFaceMiddle(0.0, 0.57, -4.4);
constexpr double kFaceWidth = 15.33;
constexpr double kFaceHeight = 17.67;

}  // namespace

// R = Rz(roll) * Rx(pitch) * Ry(-yaw), see rotation_from_euler().
cv::Vec3d euler_from_rotation(const cv::Matx33d& r) {
    const double pitch = std::asin(std::clamp(r(2, 1), -1.0, 1.0));
    const double yaw = std::atan2(r(2, 0), r(2, 2));
    const double roll = std::atan2(-r(0, 1), r(1, 1));
    return {pitch * kDeg, yaw * kDeg, roll * kDeg};
}

cv::Matx33d rotation_from_euler(double pitch_deg, double yaw_deg, double roll_deg) {
    const double a = pitch_deg / kDeg, b = -yaw_deg / kDeg, g = roll_deg / kDeg;
    // Camera axes (x right, y down, z away): + pitch turns the face's front
    // (towards the camera, -z) down, + yaw towards the image's right, + roll
    // clockwise as the image shows it.
    const cv::Matx33d rx(1, 0, 0, 0, std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a));
    const cv::Matx33d ry(std::cos(b), 0, std::sin(b), 0, 1, 0, -std::sin(b), 0, std::cos(b));
    const cv::Matx33d rz(std::cos(g), -std::sin(g), 0, std::sin(g), std::cos(g), 0, 0, 0, 1);
    return rz * rx * ry;
}

HeadPoseSolver::HeadPoseSolver(CanonicalMesh mesh, double horizontal_fov_deg)
    : mesh_(std::move(mesh)), fov_deg_(horizontal_fov_deg) {
    if (mesh_.vertices.size() != landmark::kCount) throw std::invalid_argument("HeadPoseSolver needs the 468-point mesh");
    if (!(fov_deg_ > 10.0 && fov_deg_ < 170.0)) throw std::invalid_argument("field of view out of range");
}

cv::Matx33d HeadPoseSolver::camera(cv::Size size) const {
    const double f = size.width / 2.0 / std::tan(fov_deg_ / 2.0 / kDeg);
    return {f, 0, size.width / 2.0, 0, f, size.height / 2.0, 0, 0, 1};
}

std::optional<FacePose> HeadPoseSolver::solve(const std::vector<cv::Point2f>& landmarks, cv::Size frame) {
    if (landmarks.size() != mesh_.vertices.size()) return std::nullopt;
    const cv::Matx33d k = camera(frame);
    cv::Vec3d rvec, tvec;
    try {
        if (!cv::solvePnP(mesh_.vertices, landmarks, k, cv::noArray(), rvec, tvec, false, cv::SOLVEPNP_SQPNP))
            return std::nullopt;
    } catch (const cv::Exception&) {
        return std::nullopt;  // degenerate points (all on one spot): no pose this frame
    }
    if (!(tvec[2] > 0.0)) return std::nullopt;
    cv::Matx33d r;
    cv::Rodrigues(rvec, r);
    FacePose p;
    const cv::Vec3d e = euler_from_rotation(r);
    p.pitch_deg = e[0];
    p.yaw_deg = e[1];
    p.roll_deg = e[2];
    p.translation = tvec;
    const cv::Vec3d mid = r * kFaceMiddle + tvec;
    if (!(mid[2] > 0.0)) return std::nullopt;
    const double f = k(0, 0);
    const double u = f * mid[0] / mid[2] + k(0, 2), v = f * mid[1] / mid[2] + k(1, 2);
    // Sized by the head's own depth, which no rotation changes.
    const double w = f * kFaceWidth / tvec[2], h = f * kFaceHeight / tvec[2];
    p.frontal_box = cv::Rect2f(static_cast<float>(u - w / 2), static_cast<float>(v - h / 2), static_cast<float>(w),
                               static_cast<float>(h));
    return p;
}

}  // namespace pg
