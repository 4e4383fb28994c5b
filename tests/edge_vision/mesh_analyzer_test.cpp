#include "vision/mesh/mesh_analyzer.hpp"

#include "edge_test_support.hpp"
#include "vision/model_files.hpp"
#include "vision/tracker_config.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace pg {
namespace {

std::unique_ptr<FaceAnalyzer> mesh_or_skip() {
    auto detector = find_blazeface_model("");
    if (!detector || !find_model(kCanonicalMeshFile, "")) return nullptr;
    TrackerConfig c;
    c.analyzer = "mesh";
    auto choice = choose_analyzer(c);
    return choice.analyzer->name() == "mesh" ? std::move(choice.analyzer) : nullptr;
}

#define REQUIRE_MESH(a)   \
    auto a = mesh_or_skip(); \
    if (!a) GTEST_SKIP() << "face models not fetched (scripts/fetch-models.sh)"

cv::Mat photo_on_desk(double angle_deg) {
    // The 256 px portrait at twice its size: a face ~100 px wide, as at a desk.
    cv::Mat photo = cv::imread(test::face_photo(), cv::IMREAD_GRAYSCALE);
    cv::resize(photo, photo, {}, 2.0, 2.0, cv::INTER_LINEAR);
    cv::Mat frame(480, 640, CV_8UC1, cv::Scalar(110));
    photo(cv::Rect(0, 0, 512, 400)).copyTo(frame(cv::Rect(64, 0, 512, 400)));
    if (angle_deg != 0.0) {
        // getRotationMatrix2D turns counter-clockwise on screen for a positive angle.
        const cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(290, 120), -angle_deg, 1.0);
        cv::warpAffine(frame, frame, m, frame.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    }
    return frame;
}

TEST(MeshAnalyzer, ReadsTheLandmarksAndAHeadPoseOfThePhoto) {
    REQUIRE_MESH(a);
    const Observation obs = a->analyze(photo_on_desk(0));
    ASSERT_TRUE(obs.found);
    ASSERT_EQ(obs.landmarks.size(), 468u);
    EXPECT_GT(obs.confidence, 0.9);
    ASSERT_TRUE(obs.head && obs.head->pitch_deg);
    EXPECT_LT(std::abs(obs.head->roll_deg), 6.0);
    EXPECT_LT(std::abs(obs.head->yaw_deg), 15.0);
    // Eileen Collins' face sits near (290, 120) in this frame, ~100 px wide.
    const cv::Point2f nose = obs.landmarks[landmark::nose_tip];
    EXPECT_NEAR(nose.x, 290, 20);
    EXPECT_NEAR(nose.y, 125, 25);
    EXPECT_NEAR(obs.face.x + obs.face.width / 2, 290, 25);
    EXPECT_GT(obs.face.width, 70);
    EXPECT_LT(obs.face.width, 180);
}

TEST(MeshAnalyzer, ATiltedHeadReadsAsRollAndNotAsDistance) {
    REQUIRE_MESH(a);
    // Tracked from the level face, as a user tilting their head is.
    const Observation level = a->analyze(photo_on_desk(0));
    const Observation tilted = a->analyze(photo_on_desk(15));
    ASSERT_TRUE(level.found && tilted.found);
    EXPECT_NEAR(tilted.head->roll_deg - level.head->roll_deg, 15.0, 3.0);
    EXPECT_NEAR(*tilted.head->pitch_deg - *level.head->pitch_deg, 0.0, 4.0);
    EXPECT_NEAR(tilted.face.width / level.face.width, 1.0, 0.04);
}

TEST(MeshAnalyzer, NoFaceInAnEmptyRoom) {
    REQUIRE_MESH(a);
    cv::Mat room(480, 640, CV_8UC1, cv::Scalar(120));
    cv::rectangle(room, cv::Rect(100, 80, 200, 150), cv::Scalar(200), cv::FILLED);
    const Observation obs = a->analyze(room);
    EXPECT_FALSE(obs.found);
    EXPECT_TRUE(obs.landmarks.empty());
}

}  // namespace
}  // namespace pg
