#include "vision/face_geometry.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pg {
namespace {

TEST(FaceGeometry, LevelFrontalFace) {
    cv::Point2f re(40, 50), le(60, 50), ear_r(30, 55), ear_l(70, 55);
    HeadPose h = head_pose_from_points(re, le, {50, 60}, {50, 70}, &ear_r, &ear_l);
    EXPECT_NEAR(h.roll_deg, 0.0, 1e-9);
    EXPECT_NEAR(h.yaw_deg, 0.0, 1e-9);
    EXPECT_NEAR(h.aspect, 1.0, 1e-6);  // mouth 20 px below the eyes, eyes 20 px apart
    EXPECT_FALSE(h.pitch_deg);
}

TEST(FaceGeometry, RollFollowsTheEyeLineAndKeepsTheAspect) {
    // The same face rotated 20 degrees clockwise about the eye midpoint.
    const double a = 20.0 * CV_PI / 180.0;
    auto rot = [&](cv::Point2f p) {
        const cv::Point2f c(50, 50), v = p - c;
        return cv::Point2f(c.x + static_cast<float>(v.x * std::cos(a) - v.y * std::sin(a)),
                           c.y + static_cast<float>(v.x * std::sin(a) + v.y * std::cos(a)));
    };
    HeadPose h = head_pose_from_points(rot({40, 50}), rot({60, 50}), rot({50, 60}), rot({50, 70}));
    EXPECT_NEAR(h.roll_deg, 20.0, 1e-4);
    EXPECT_NEAR(h.aspect, 1.0, 1e-5);
}

TEST(FaceGeometry, YawFromTheNoseBetweenTheEars) {
    cv::Point2f ear_r(30, 55), ear_l(70, 55);
    HeadPose h = head_pose_from_points({40, 50}, {60, 50}, {60, 60}, {55, 70}, &ear_r, &ear_l);
    EXPECT_NEAR(h.yaw_deg, 30.0, 1e-4);  // nose half way to the ear: asin(0.5)
}

TEST(FaceGeometry, PitchFromForeshortening) {
    EXPECT_NEAR(pitch_from_aspect(1.0, 1.0), 0.0, 1e-9);
    EXPECT_NEAR(pitch_from_aspect(0.5, 1.0), 60.0, 1e-9);
    EXPECT_NEAR(pitch_from_aspect(1.1, 1.0), 0.0, 1e-9);  // never negative
    EXPECT_EQ(pitch_from_aspect(0.0, 1.0), 0.0);          // no reading: no claim
}

}  // namespace
}  // namespace pg
