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

// The nose tip 0.2 face heights in front of the eyes: a nod by p moves it
// 0.2 sin(p) face heights further below the eye line.
TEST(FaceGeometry, NosePitchChangesByTheNodWhateverTheRollOrSize) {
    const double p = 30.0 * CV_PI / 180.0;
    for (double roll : {0.0, 20.0}) {
        for (float size : {1.0f, 2.5f}) {
            const double r = roll * CV_PI / 180.0;
            auto place = [&](cv::Point2f q) {
                return cv::Point2f(100 + size * static_cast<float>(q.x * std::cos(r) - q.y * std::sin(r)),
                                   100 + size * static_cast<float>(q.x * std::sin(r) + q.y * std::cos(r)));
            };
            const float height = 100.0f;
            const float rest = 19.0f, nodded = rest + static_cast<float>(0.2 * height * std::sin(p));
            const double at_rest = nose_pitch_deg(place({-20, 0}), place({20, 0}), place({0, rest}), size * height);
            const double down = nose_pitch_deg(place({-20, 0}), place({20, 0}), place({0, nodded}), size * height);
            EXPECT_NEAR(down - at_rest, 30.0 * (std::sin(p) / p), 1e-3) << roll << " " << size;  // small-angle reading
            const double up = nose_pitch_deg(place({-20, 0}), place({20, 0}), place({0, 2 * rest - nodded}), size * height);
            EXPECT_LT(up - at_rest, -20.0) << "looking up reads as up";
        }
    }
    EXPECT_EQ(nose_pitch_deg({40, 50}, {40, 50}, {40, 60}, 100), 0.0);  // no eye line: no claim
    EXPECT_EQ(nose_pitch_deg({40, 50}, {60, 50}, {50, 60}, 0), 0.0);
}

TEST(FaceGeometry, PitchFromForeshortening) {
    EXPECT_NEAR(pitch_from_aspect(1.0, 1.0), 0.0, 1e-9);
    EXPECT_NEAR(pitch_from_aspect(0.5, 1.0), 60.0, 1e-9);
    EXPECT_NEAR(pitch_from_aspect(1.1, 1.0), 0.0, 1e-9);  // never negative
    EXPECT_EQ(pitch_from_aspect(0.0, 1.0), 0.0);          // no reading: no claim
}

}  // namespace
}  // namespace pg
