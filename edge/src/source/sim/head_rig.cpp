#include "source/sim/head_rig.hpp"

#include "vision/mesh/head_pose_solver.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace pg::sim {
namespace {

constexpr double kFaceWidthPerHeight = 0.27;  // neutral frontal face width / frame height
constexpr double kCentreY = 0.40;             // its middle, in frame heights from the top
// The head turns about the top of the neck (head coordinates, cm): below the
// ears and behind the face, so looking down brings the face down and forward.
const cv::Vec3d kPivot(0.0, 5.0, 2.0);
constexpr double kBodyLean = 0.5;  // the shoulders come half as far as the head

}  // namespace

HeadRig::HeadRig(const PersonModel& person, cv::Size frame, double fov_deg)
    : middle_(person.face_middle), box_(person.face_box) {
    camera_.f = frame.width / 2.0 / std::tan(fov_deg / 2.0 * std::numbers::pi / 180.0);
    camera_.centre = cv::Point2d(frame.width / 2.0, frame.height / 2.0);
    width_px_ = neutral_face_width_px(frame);
    z0_ = camera_.f * person.face_width_cm / width_px_;
    height_px_ = camera_.f * person.face_height_cm / z0_;
    neutral_middle_px_ = cv::Point2d(0.5 * frame.width, kCentreY * frame.height);
    neutral_origin_ = place(Pose::upright()).head.translation;
}

double HeadRig::neutral_face_width_px(cv::Size frame) { return kFaceWidthPerHeight * frame.height; }

Placement HeadRig::place(const Pose& pose) const {
    // The unturned head: its face's middle where drop and shift put it, at the
    // distance the scale gives.
    const cv::Vec3d m(middle_.x, middle_.y, middle_.z);
    const double z = z0_ / std::max(0.05, pose.scale) + m[2];
    const double u = neutral_middle_px_.x + pose.shift * width_px_, v = neutral_middle_px_.y + pose.drop * height_px_;
    const cv::Vec3d origin((u - camera_.centre.x) / camera_.f * z - m[0], (v - camera_.centre.y) / camera_.f * z - m[1],
                           z - m[2]);
    Placement p;
    p.head.rotation = rotation_from_euler(pose.pitch, pose.yaw, pose.roll);
    p.head.translation = origin + kPivot - p.head.rotation * kPivot;
    p.body.translation = origin;
    if (neutral_origin_[2] > 0.0) p.body.translation[2] = neutral_origin_[2] + kBodyLean * (origin[2] - neutral_origin_[2]);

    p.width_ratio = z0_ / p.head.translation[2];
    p.drop = (camera_.project(p.head.apply(middle_)).y - neutral_middle_px_.y) / height_px_;
    cv::Point2d lo(1e9, 1e9), hi(-1e9, -1e9);
    for (const auto& c : box_) {
        const cv::Point2d q = camera_.project(p.head.apply(c));
        lo = cv::Point2d(std::min(lo.x, q.x), std::min(lo.y, q.y));
        hi = cv::Point2d(std::max(hi.x, q.x), std::max(hi.y, q.y));
    }
    p.face_box = cv::Rect2f(cv::Point2f(lo), cv::Point2f(hi));
    return p;
}

}  // namespace pg::sim
