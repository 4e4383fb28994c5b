#pragma once

#include "source/sim/face_sprite.hpp"
#include "source/sim/timeline.hpp"

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <optional>

namespace pg::sim {

// Draws the simulated desk scene: a fixed, seeded room, the user's photo placed
// by the pose, and a little per-frame sensor noise.
class Scene {
public:
    Scene(FaceSprite sprite, cv::Size frame_size, std::uint64_t seed);

    struct Drawn {
        cv::Mat grey;                    // CV_8UC1, frame_size
        std::optional<cv::Rect2f> face;  // where the photo's face box landed
    };
    // A pure function of (pose, t): the same arguments give the same pixels.
    Drawn render(const Pose& pose, std::int64_t t_ms) const;

    // The neutral face box: the calibrated pose a well-seated user would show.
    cv::Rect2f neutral_face() const;
    const std::string& face_file() const { return sprite_.file_name; }

private:
    void composite(cv::Mat& frame, const Pose& pose, cv::Rect2f& face_out) const;
    void draw_passer(cv::Mat& frame, double x_widths) const;
    void draw_hand(cv::Mat& frame, const cv::Rect2f& face, double amount) const;

    FaceSprite sprite_;
    FaceSprite passer_;  // the same photo mirrored: another person walking past
    double skin_;        // the photo's mean face grey level, for the hand
    cv::Size size_;
    std::uint64_t seed_;
    cv::Mat background_;
    double neutral_width_;    // face width in frame pixels at scale 1
    cv::Point2d neutral_centre_;
};

// The seeded room behind the user (exposed for tests of the renderer).
cv::Mat render_room(cv::Size size, std::uint64_t seed);

}  // namespace pg::sim
