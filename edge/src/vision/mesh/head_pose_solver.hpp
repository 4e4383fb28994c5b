#pragma once

#include "vision/mesh/canonical_mesh.hpp"

#include <opencv2/core/types.hpp>

#include <optional>
#include <vector>

namespace pg {

// A face's pose in the camera: the rotation and position that make the
// canonical face project onto the landmarks seen.
struct FacePose {
    double pitch_deg = 0.0;  // + = looking down (chin towards the chest)
    double yaw_deg = 0.0;    // + = nose towards the image's right
    double roll_deg = 0.0;   // + = clockwise in the image
    cv::Vec3d translation;   // canonical origin in camera axes, canonical units (cm for an average face)
    // The face as a frontal face box at this distance: centred where the middle
    // of the face projects, sized like the canonical face seen straight on. A
    // box that does not shrink when the head turns or nods, so the estimator's
    // width ratio measures distance alone.
    cv::Rect2f frontal_box;
};

// solvePnP of the landmarks against the canonical face with a pinhole camera
// of the frame's size and a horizontal field of view. The true focal length
// only scales the distance, which the posture compares with the calibrated one.
class HeadPoseSolver {
public:
    HeadPoseSolver(CanonicalMesh mesh, double horizontal_fov_deg);

    // nullopt when the fit fails or puts the face behind the camera.
    std::optional<FacePose> solve(const std::vector<cv::Point2f>& landmarks, cv::Size frame);

    const CanonicalMesh& mesh() const { return mesh_; }

    // The camera matrix used for a frame of `size`.
    cv::Matx33d camera(cv::Size size) const;

private:
    CanonicalMesh mesh_;
    double fov_deg_;
};

// Pitch, yaw and roll (degrees) of a rotation in camera axes, in that order of
// application: the face first turns (yaw), then nods (pitch), then tilts (roll).
cv::Vec3d euler_from_rotation(const cv::Matx33d& r);
cv::Matx33d rotation_from_euler(double pitch_deg, double yaw_deg, double roll_deg);

}  // namespace pg
