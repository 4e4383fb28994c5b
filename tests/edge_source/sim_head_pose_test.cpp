#include "source/sim/scene.hpp"

#include "edge_test_support.hpp"
#include "pg/errors.hpp"
#include "sim_scene_support.hpp"
#include "source/frame_source.hpp"
#include "vision/mesh/face_landmarker.hpp"
#include "vision/mesh/head_pose_solver.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <cmath>

namespace pg::sim {
namespace {

// What the analysis reads off a rendered frame: the face mesh's landmarks
// (placed from the truth's face box, then twice from their own region, as
// tracking does) and solvePnP against the canonical face.
class PoseReader {
public:
    PoseReader() : landmarker_(*find_model(kFaceLandmarkModelFile, "")), solver_(test::canonical_mesh(), 62.0) {}

    std::optional<FacePose> read(const Scene::Drawn& d) {
        Landmarks lm = landmarker_.run(d.grey, FaceLandmarker::region_from_box(*d.face, 0.0f));
        for (int i = 0; i < 2; ++i) lm = landmarker_.run(d.grey, FaceLandmarker::region_from_landmarks(lm.points));
        if (lm.presence < 0.5f) return std::nullopt;
        return solver_.solve(lm.points, d.grey.size());
    }

private:
    FaceLandmarker landmarker_;
    HeadPoseSolver solver_;
};

struct Case {
    double pitch, yaw, roll, scale;
};

void PrintTo(const Case& c, std::ostream* os) {
    *os << "pitch " << c.pitch << " yaw " << c.yaw << " roll " << c.roll << " scale " << c.scale;
}

// Within a few degrees and a few percent, relative to the neutral pose as the
// calibration takes it: the photo's face is not the canonical one, so its
// absolute pose reads a degree or two off.
void expect_recovers(Scene& scene, PoseReader& reader, const std::vector<Case>& cases, double deg, double ratio,
                     const std::string& face) {
    const auto neutral = reader.read(scene.render(Pose::upright(), 1000));
    ASSERT_TRUE(neutral) << face;
    for (const Case& c : cases) {
        const Pose pose = Pose::leaning(c.scale, 0.0).head(c.pitch, c.yaw, c.roll);
        const Scene::Drawn d = scene.render(pose, 1000);
        const auto got = reader.read(d);
        ASSERT_TRUE(got) << face << " " << testing::PrintToString(c);
        EXPECT_NEAR(got->pitch_deg - neutral->pitch_deg, c.pitch, deg) << face << " " << testing::PrintToString(c);
        EXPECT_NEAR(got->yaw_deg - neutral->yaw_deg, c.yaw, deg) << face << " " << testing::PrintToString(c);
        EXPECT_NEAR(got->roll_deg - neutral->roll_deg, c.roll, deg) << face << " " << testing::PrintToString(c);
        EXPECT_NEAR(neutral->translation[2] / got->translation[2], d.width_ratio, ratio)
            << face << " " << testing::PrintToString(c);
    }
}

TEST(SimHeadPose, TheLandmarksOfARenderedHeadGiveBackItsPose) {
    Scene scene = test::sim_scene(test::face_photo(), {640, 480});
    PoseReader reader;
    expect_recovers(scene, reader,
                    {{10, 0, 0, 1}, {20, 0, 0, 1}, {30, 0, 0, 1}, {-15, 0, 0, 1}, {0, 15, 0, 1}, {0, 30, 0, 1},
                     {0, -30, 0, 1}, {0, 0, 10, 1}, {0, 0, 20, 1}, {0, 0, -25, 1}, {15, 20, -10, 1}, {25, 0, 20, 1},
                     {0, 0, 0, 1.2}, {0, 0, 0, 0.9}, {10, -10, 5, 1.15}},
                    4.5, 0.05, "astronaut.png");
}

// Every photo in the repository, the real webcam frame of desk-man.png
// included, turns into a head whose pose the analysis reads back. The
// landmark model reads some faces a little less well when turned (up to ~6
// degrees of pitch at 30 degrees of yaw), which is the analysis's error, not
// the drawing's.
TEST(SimHeadPose, AnyFrontalPhotoWorks) {
    PoseReader reader;
    for (const char* face : {"astronaut.png", "astronaut_mirror_bright.png", "astronaut_dark_gamma.png",
                             "astronaut_tight_small.png", "astronaut_rotated_soft.png", "desk-man.png"}) {
        Scene scene = test::sim_scene(test::face_photo(face), {640, 480});
        EXPECT_EQ(scene.person().face.texture.size(), 468u) << face;
        expect_recovers(scene, reader, {{25, 0, 0, 1}, {0, 0, 20, 1}, {0, 30, 0, 1}, {-10, 15, -10, 1.2}}, 6.5, 0.07,
                        face);
    }
}

std::string error_of(const std::string& face) {
    try {
        make_frame_source("sim:quick,face=" + face, test::sim_options());
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(SimHeadPose, ATurnedPhotoIsRefusedByName) {
    // The simulated user turned away makes the photo: a face, but not a frontal one.
    Scene scene = test::sim_scene(test::face_photo("desk-man.png"), {640, 480});
    test::TempDir dir;
    const std::string turned = (dir.path() / "turned.png").string();
    ASSERT_TRUE(cv::imwrite(turned, scene.render(Pose::upright().head(0, 32), 1000).grey));
    const std::string e = error_of(turned);
    EXPECT_NE(e.find("face=" + turned + ": "), std::string::npos) << e;
    EXPECT_TRUE(e.find("turned") != std::string::npos || e.find("no face found") != std::string::npos) << e;
    // The same user looking at the camera is fine.
    const std::string frontal = (dir.path() / "frontal.png").string();
    ASSERT_TRUE(cv::imwrite(frontal, scene.render(Pose::upright(), 1000).grey));
    EXPECT_EQ(error_of(frontal), "(no error)");
}

}  // namespace
}  // namespace pg::sim
