#include "source/sim/rasterizer.hpp"

#include "edge_test_support.hpp"
#include "sim_scene_support.hpp"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

namespace pg::sim {
namespace {

const Pinhole kCamera{500.0, {50.0, 50.0}};

// A flat texture of one grey level, full coverage.
cv::Mat flat(float grey) { return cv::Mat(4, 4, CV_32FC2, cv::Scalar(grey, 1.0f)); }

// One triangle 50 cm in front of the camera, ~20 px a side, wound `ccw` on screen.
TexturedMesh triangle(float z, bool ccw, float dx = 0.0f) {
    TexturedMesh m;
    m.vertices = {{dx - 1.0f, -1.0f, z}, {dx + 1.0f, -1.0f, z}, {dx, 1.0f, z}};
    m.texture = {{0, 0}, {3, 0}, {1.5f, 3}};
    // (-1,-1) -> (1,-1) -> (0,1) runs clockwise on screen (y down).
    m.triangles = {ccw ? std::array<int, 3>{0, 2, 1} : std::array<int, 3>{0, 1, 2}};
    return m;
}

int count(const cv::Mat& frame, float grey) {
    int n = 0;
    for (int y = 0; y < frame.rows; ++y)
        for (int x = 0; x < frame.cols; ++x) n += std::abs(frame.at<float>(y, x) - grey) < 0.5f;
    return n;
}

TEST(SimRasterizer, DrawsTrianglesThatFaceTheCameraAndCullsTheOthers) {
    cv::Mat frame(100, 100, CV_32FC1, cv::Scalar(0));
    draw_mesh(frame, triangle(50, true), flat(200), Rigid{}, kCamera, Cover::opaque);
    // 20 x 20 px, half of it: ~200 pixels.
    EXPECT_NEAR(count(frame, 200), 200, 30);
    cv::Mat back(100, 100, CV_32FC1, cv::Scalar(0));
    draw_mesh(back, triangle(50, false), flat(200), Rigid{}, kCamera, Cover::opaque);
    EXPECT_EQ(count(back, 200), 0) << "a triangle seen from behind is not drawn";
    EXPECT_EQ(front_facing_triangles(triangle(50, true), Rigid{}, kCamera), 1);
    EXPECT_EQ(front_facing_triangles(triangle(50, false), Rigid{}, kCamera), 0);
    // Turned half round, the front triangle shows its back.
    Rigid turned;
    turned.rotation = cv::Matx33d(-1, 0, 0, 0, 1, 0, 0, 0, -1);
    turned.translation = cv::Vec3d(0, 0, 100);
    EXPECT_EQ(front_facing_triangles(triangle(50, true), turned, kCamera), 0);
}

TEST(SimRasterizer, NearerTrianglesCoverFartherOnesWhateverTheirOrder) {
    for (bool near_first : {true, false}) {
        TexturedMesh near = triangle(40, true), far = triangle(60, true, 0.3f);
        TexturedMesh both;
        const TexturedMesh& a = near_first ? near : far;
        const TexturedMesh& b = near_first ? far : near;
        both.vertices = a.vertices;
        both.vertices.insert(both.vertices.end(), b.vertices.begin(), b.vertices.end());
        both.texture = {{0, 0}, {0, 0}, {0, 0}, {3, 3}, {3, 3}, {3, 3}};  // a: texel (0,0), b: texel (3,3)
        both.triangles = {a.triangles[0], {b.triangles[0][0] + 3, b.triangles[0][1] + 3, b.triangles[0][2] + 3}};
        cv::Mat tex(4, 4, CV_32FC2, cv::Scalar(0, 1));
        tex.at<cv::Vec2f>(0, 0) = {near_first ? 250.0f : 100.0f, 1.0f};
        tex.at<cv::Vec2f>(3, 3) = {near_first ? 100.0f : 250.0f, 1.0f};
        cv::Mat frame(100, 100, CV_32FC1, cv::Scalar(0));
        draw_mesh(frame, both, tex, Rigid{}, kCamera, Cover::opaque);
        // The near one (250) is whole; of the far one (100) only what sticks out shows.
        EXPECT_NEAR(count(frame, 250), 312, 40) << near_first;
        EXPECT_LT(count(frame, 100), count(frame, 250) / 2) << near_first;
    }
}

TEST(SimRasterizer, RefusesBadInput) {
    cv::Mat frame(10, 10, CV_32FC1), grey8(10, 10, CV_8UC1);
    TexturedMesh t = triangle(50, true);
    EXPECT_THROW(draw_mesh(grey8, t, flat(1), Rigid{}, kCamera, Cover::opaque), std::invalid_argument);
    EXPECT_THROW(draw_mesh(frame, t, cv::Mat(4, 4, CV_32FC1), Rigid{}, kCamera, Cover::opaque), std::invalid_argument);
    t.triangles.push_back({0, 1, 7});
    EXPECT_THROW(draw_mesh(frame, t, flat(1), Rigid{}, kCamera, Cover::opaque), std::invalid_argument);
}

TEST(SimScene, RenderingIsAPureFunctionOfPoseAndTime) {
    const Scene scene = test::sim_scene(test::face_photo(), {320, 240});
    const Pose a = Pose::upright().head(20, -15, 10), b = Pose::leaning(1.2, 0.1).with_hand(1.0);
    const cv::Mat first = scene.render(a, 5000).grey;
    scene.render(b, 7000);
    EXPECT_EQ(cv::norm(first, scene.render(a, 5000).grey, cv::NORM_INF), 0.0);
    EXPECT_GT(cv::norm(first, scene.render(b, 5000).grey, cv::NORM_L1), 0.0);
    // Another moment differs only by sensor noise.
    const cv::Mat later = scene.render(a, 6000).grey;
    EXPECT_GT(cv::norm(first, later, cv::NORM_L1), 0.0);
    EXPECT_LT(cv::norm(first, later, cv::NORM_L1) / static_cast<double>(first.total()), 4.0);
}

// A coded texture: the far outer cheek white, the rest of the face black.
TEST(SimScene, ATurnedHeadShowsNoFarCheekOverTheNearOne) {
    const Scene scene = test::sim_scene(test::face_photo(), {640, 480});
    TexturedMesh face = scene.person().face;
    for (std::size_t i = 0; i < face.vertices.size(); ++i)
        face.texture[i] = face.vertices[i].x > 5.0f ? cv::Point2f(3, 0) : cv::Point2f(0, 0);
    cv::Mat code(2, 4, CV_32FC2, cv::Scalar(0, 1));
    code.col(3).setTo(cv::Scalar(255, 1));
    auto far_cheek_pixels = [&](double yaw) {
        cv::Mat frame(480, 640, CV_32FC1, cv::Scalar(128));
        draw_mesh(frame, face, code, scene.rig().place(Pose::upright().head(0, yaw)).head, scene.rig().camera(),
                  Cover::opaque);
        return cv::countNonZero(frame > 250.0f);
    };
    // + yaw takes the nose to the image's right: the +x cheek turns away.
    const int frontal = far_cheek_pixels(0), turned = far_cheek_pixels(60);
    EXPECT_GT(frontal, 300);
    EXPECT_LT(turned, frontal / 50) << "the far cheek shows through at 60 degrees";
    // Wound the other way round every triangle shows its back: then the far cheek
    // is drawn, so it is the culling that hides it.
    for (auto& t : face.triangles) std::swap(t[1], t[2]);
    EXPECT_GT(far_cheek_pixels(60), turned + 100);
}

// The canonical mesh is wound as its header says: looking at the camera,
// nearly every triangle faces it (the few at the edges by the ears are edge-on).
TEST(SimScene, TheCanonicalFaceIsWoundTowardsTheCamera) {
    const Scene scene = test::sim_scene(test::face_photo(), {640, 480});
    const TexturedMesh& face = scene.person().face;
    const int front = front_facing_triangles(face, scene.rig().place(Pose::upright()).head, scene.rig().camera());
    EXPECT_GT(front, 0.95 * static_cast<double>(face.triangles.size()));
}

TEST(SimScene, TalkingOpensTheJawNotTheRestOfTheFace) {
    const Scene scene = test::sim_scene(test::face_photo(), {320, 240});
    const Jaw& jaw = scene.person().jaw;
    const auto& v = scene.person().face.vertices;
    EXPECT_EQ(jaw.weights()[landmark::chin], 1.0f);
    EXPECT_EQ(jaw.weights()[landmark::lower_lip], 1.0f);
    for (int still : {landmark::upper_lip, landmark::nose_tip, landmark::right_eye_outer, landmark::left_eye_inner,
                      landmark::forehead})
        EXPECT_EQ(jaw.weights()[static_cast<std::size_t>(still)], 0.0f) << still;
    const auto open = jaw.opened(v, 8.0);
    // The chin, ~11 cm from the hinge, swings ~1.5 cm down and back; the upper lip stays.
    EXPECT_NEAR(cv::norm(open[landmark::chin] - v[landmark::chin]), 1.5, 0.3);
    EXPECT_GT(open[landmark::chin].y - v[landmark::chin].y, 0.5);
    EXPECT_GT(open[landmark::chin].z, v[landmark::chin].z);
    EXPECT_EQ(open[landmark::upper_lip], v[landmark::upper_lip]);
    EXPECT_GT(open[landmark::lower_lip].y - open[landmark::upper_lip].y, v[landmark::lower_lip].y - v[landmark::upper_lip].y + 0.8);
    // Drawn, the mouth opens in the picture too.
    const cv::Mat closed = scene.render(Pose::upright(), 1000).grey;
    Pose talking = Pose::upright();
    talking.jaw = 8.0;
    EXPECT_GT(cv::norm(closed, scene.render(talking, 1000).grey, cv::NORM_L1), 0.0);
}

TEST(SimScene, TheTruthFollowsThePinholeCamera) {
    const Scene scene = test::sim_scene(test::face_photo(), {640, 480});
    const HeadRig& rig = scene.rig();
    const Placement neutral = rig.place(Pose::upright());
    EXPECT_NEAR(neutral.width_ratio, 1.0, 1e-9);
    EXPECT_NEAR(neutral.drop, 0.0, 1e-9);
    // A face of ~15 cm, a quarter of the frame high, with a 62-degree lens: ~60 cm away.
    EXPECT_NEAR(rig.neutral_distance_cm(), 60.0, 6.0);
    // Leaning in: the distance shrinks by the scale, the face grows by it (the
    // face's front, nearer than the head's origin, a little more).
    const Placement lean = rig.place(Pose::leaning(1.25, 0.0));
    EXPECT_NEAR(lean.width_ratio, 1.25, 1e-9);
    EXPECT_GT(lean.face_box.width / neutral.face_box.width, 1.25);
    EXPECT_LT(lean.face_box.width / neutral.face_box.width, 1.30);
    EXPECT_NEAR(rig.place(Pose::slumped(0.6, 1.0)).drop, 0.6, 1e-9);
    // Looking down pivots about the neck: the face comes down and a little closer.
    const Placement down = rig.place(Pose::upright().head(35));
    EXPECT_GT(down.drop, 0.15);
    EXPECT_LT(down.drop, 0.35);
    EXPECT_GT(down.width_ratio, 1.0);
    EXPECT_LT(down.width_ratio, 1.08);
    // A tilt or a turn barely moves the face's middle vertically.
    EXPECT_NEAR(rig.place(Pose::upright().head(0, 0, 20)).drop, 0.0, 0.05);
    EXPECT_NEAR(rig.place(Pose::upright().head(0, 40)).drop, 0.0, 0.05);
}

}  // namespace
}  // namespace pg::sim
