#include "source/sim/rasterizer.hpp"


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

}  // namespace
}  // namespace pg::sim
