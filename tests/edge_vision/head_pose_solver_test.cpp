#include "vision/mesh/head_pose_solver.hpp"

#include "vision/model_files.hpp"

#include <gtest/gtest.h>
#include <opencv2/calib3d.hpp>

namespace pg {
namespace {

TEST(Euler, RoundTripsAndFollowsTheImage) {
    for (double p : {-30.0, 0.0, 25.0})
        for (double y : {-40.0, 0.0, 35.0})
            for (double r : {-20.0, 0.0, 15.0}) {
                const cv::Vec3d e = euler_from_rotation(rotation_from_euler(p, y, r));
                EXPECT_NEAR(e[0], p, 1e-9);
                EXPECT_NEAR(e[1], y, 1e-9);
                EXPECT_NEAR(e[2], r, 1e-9);
            }
    // Looking down turns the face's front (-z, towards the camera) downwards (+y).
    EXPECT_GT((rotation_from_euler(20, 0, 0) * cv::Vec3d(0, 0, -1))[1], 0.0);
    // + yaw: the nose towards the image's right; + roll: clockwise on screen.
    EXPECT_GT((rotation_from_euler(0, 20, 0) * cv::Vec3d(0, 0, -1))[0], 0.0);
    EXPECT_GT((rotation_from_euler(0, 0, 20) * cv::Vec3d(1, 0, 0))[1], 0.0);
}

// Projects the canonical face with a known pose and solves it back.
TEST(HeadPoseSolver, RecoversAKnownPoseAndDistance) {
    auto file = find_model(kCanonicalMeshFile, "");
    if (!file) GTEST_SKIP() << "canonical mesh not fetched (scripts/fetch-models.sh)";
    HeadPoseSolver solver(load_canonical_mesh(*file), 62.0);
    const cv::Size frame(640, 480);
    const cv::Matx33d k = solver.camera(frame);
    auto project = [&](double p, double y, double r, cv::Vec3d t) {
        cv::Vec3d rvec;
        cv::Rodrigues(rotation_from_euler(p, y, r), rvec);
        std::vector<cv::Point2f> pts;
        cv::projectPoints(solver.mesh().vertices, rvec, t, k, cv::noArray(), pts);
        return pts;
    };
    const auto near = solver.solve(project(22, -15, 8, {2, 3, 55}), frame);
    ASSERT_TRUE(near);
    EXPECT_NEAR(near->pitch_deg, 22, 0.1);
    EXPECT_NEAR(near->yaw_deg, -15, 0.1);
    EXPECT_NEAR(near->roll_deg, 8, 0.1);
    EXPECT_NEAR(near->translation[2], 55, 0.1);
    // The frontal box measures distance only: 10 % closer is 1/0.9 as wide, turned or not.
    const auto closer = solver.solve(project(0, 30, 0, {2, 3, 49.5}), frame);
    const auto straight = solver.solve(project(0, 0, 0, {2, 3, 55}), frame);
    ASSERT_TRUE(closer && straight);
    EXPECT_NEAR(closer->frontal_box.width / straight->frontal_box.width, 55 / 49.5, 0.01);
    EXPECT_NEAR(near->frontal_box.width / straight->frontal_box.width, 1.0, 0.01);
    EXPECT_FALSE(solver.solve(std::vector<cv::Point2f>(10), frame));
}

}  // namespace
}  // namespace pg
