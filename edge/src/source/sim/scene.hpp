#pragma once

#include "source/sim/face_photo.hpp"
#include "source/sim/head_rig.hpp"
#include "source/sim/person_model.hpp"
#include "source/sim/timeline.hpp"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pg::sim {

// Draws the simulated desk scene: a fixed, seeded room, the user as a textured
// 3-D head over a cut-out of their neck and shoulders (all from one photo) seen
// by a pinhole camera, someone walking past, a hand at the chin, the room's
// light and a little per-frame sensor noise.
class Scene {
public:
    // `fov_deg`: the camera's horizontal field of view (the analysis assumes
    // the same one, analysis.camera_fov).
    Scene(const FacePhoto& photo, const CanonicalMesh& mesh, cv::Size frame_size, std::uint64_t seed,
          double fov_deg);

    struct Drawn {
        cv::Mat grey;                    // CV_8UC1, frame_size
        std::optional<cv::Rect2f> face;  // where the photo's face box landed
        double width_ratio = 0.0;        // the head's truth (see Placement); 0 when nobody is there
        double drop = 0.0;
    };
    // A pure function of (pose, t): the same arguments give the same pixels.
    Drawn render(const Pose& pose, std::int64_t t_ms) const;

    const std::string& face_file() const { return file_name_; }
    const HeadRig& rig() const { return rig_; }
    const PersonModel& person() const { return person_; }

    // The person alone, drawn into a float frame, the mouth opened by `jaw_deg`.
    void draw_person(cv::Mat& frame, const Placement& placement, double jaw_deg = 0.0) const;

private:
    void draw_passer(cv::Mat& frame, double x_widths) const;
    void draw_hand(cv::Mat& frame, const cv::Rect2f& face, double amount) const;

    std::string file_name_;
    cv::Size size_;
    std::uint64_t seed_;
    cv::Mat background_;
    std::vector<cv::Mat> noise_;  // unit Gaussian fields, a margin larger than the frame
    PersonModel person_;
    HeadRig rig_;
};

}  // namespace pg::sim
