#pragma once

#include "source/sim/person_model.hpp"
#include "source/sim/rasterizer.hpp"
#include "source/sim/timeline.hpp"

#include <opencv2/core/types.hpp>

namespace pg::sim {

// Where a pose puts the person in front of the camera, and what that shows.
struct Placement {
    Rigid head;  // head coordinates -> camera
    Rigid body;  // the body's cut-out -> camera
    // Ground truth as the analysis measures it: the frontal face's width ratio
    // (neutral distance / distance), the drop of the face's middle in neutral
    // frontal face heights, and where the photo's face box landed.
    double width_ratio = 1.0;
    double drop = 0.0;
    cv::Rect2f face_box;
};

// A desk camera (pinhole, `fov_deg` horizontally) and the user sitting at it:
// upright, the face about a quarter of the frame high and a little above the
// middle, looking straight at the camera. Poses move the head from there:
// closer (scale = neutral distance / distance), lower and sideways (so the face's
// middle moves by drop face heights and shift face widths in the picture), and
// turn it about the top of the neck, so a nod or a tilt moves the face as a
// real one does. The body follows drop and shift, and half of a lean.
class HeadRig {
public:
    HeadRig(const PersonModel& person, cv::Size frame, double fov_deg);

    Placement place(const Pose& pose) const;

    // How wide the neutral frontal face is drawn in a frame of `size`, pixels.
    static double neutral_face_width_px(cv::Size frame);

    const Pinhole& camera() const { return camera_; }
    double neutral_distance_cm() const { return z0_; }
    double neutral_pixels_per_cm() const { return camera_.f / z0_; }

private:
    Pinhole camera_;
    cv::Point3f middle_;
    std::array<cv::Point3f, 4> box_;
    double z0_ = 0.0;
    cv::Point2d neutral_middle_px_;
    double width_px_ = 0.0, height_px_ = 0.0;  // the neutral frontal face
    cv::Vec3d neutral_origin_;
};

}  // namespace pg::sim
