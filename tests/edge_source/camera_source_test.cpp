#include "pg/errors.hpp"
#include "source/camera/camera_sources.hpp"
#include "source/camera/plane_to_grey.hpp"

#ifdef PG_HAVE_LIBCAMERA
#include "source/camera/libcamera_source.hpp"
#endif

#include <gtest/gtest.h>

#include <filesystem>
#include <vector>

using namespace pg;

TEST(YPlane, CopiesRowsAndSkipsStridePadding) {
    const int w = 50, h = 4, stride = 64;
    std::vector<std::uint8_t> buf(static_cast<std::size_t>(stride * h), 0xEE);  // 0xEE marks padding
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) buf[static_cast<std::size_t>(y * stride + x)] = static_cast<std::uint8_t>(y * 10 + x % 10);
    cv::Mat grey = copy_y_plane(buf.data(), buf.size(), w, h, stride);
    ASSERT_EQ(grey.cols, w);
    ASSERT_EQ(grey.rows, h);
    ASSERT_TRUE(grey.isContinuous());
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) ASSERT_EQ(grey.at<std::uint8_t>(y, x), y * 10 + x % 10) << x << "," << y;
}

TEST(YPlane, RefusesABufferTooSmallForItsGeometry) {
    std::vector<std::uint8_t> buf(100);
    EXPECT_TRUE(copy_y_plane(buf.data(), buf.size(), 50, 4, 64).empty());
    EXPECT_TRUE(copy_y_plane(buf.data(), buf.size(), 50, 2, 40).empty());  // stride < width
    EXPECT_FALSE(copy_y_plane(buf.data(), 64 + 36, 36, 2, 64).empty());   // last row needs no padding
}

// vimc and cameras without YUV output give packed RGB; libcamera's RGB888 is
// B,G,R in memory, BGR888 R,G,B. Rows may be padded past the pixels.
TEST(PlaneToGrey, PackedRgbBecomesGreyRowByRow) {
    const int w = 5, h = 3, stride = 20;  // 15 bytes of pixels, 5 of padding per row
    std::vector<std::uint8_t> buf(static_cast<std::size_t>(stride * h), 0xEE);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            auto* p = &buf[static_cast<std::size_t>(y * stride + x * 3)];
            p[0] = 0;                                     // blue
            p[1] = static_cast<std::uint8_t>(40 * y);     // green
            p[2] = static_cast<std::uint8_t>(50 * x);     // red
        }
    cv::Mat bgr = grey_from_plane(PixelLayout::bgr24, buf.data(), buf.size(), w, h, stride);
    cv::Mat rgb = grey_from_plane(PixelLayout::rgb24, buf.data(), buf.size(), w, h, stride);
    ASSERT_EQ(bgr.size(), cv::Size(w, h));
    ASSERT_EQ(bgr.type(), CV_8UC1);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            // BT.601 luma: 0.299 R + 0.587 G + 0.114 B, and the bytes the other way round.
            EXPECT_NEAR(bgr.at<std::uint8_t>(y, x), 0.299 * 50 * x + 0.587 * 40 * y, 1.0) << x << "," << y;
            EXPECT_NEAR(rgb.at<std::uint8_t>(y, x), 0.114 * 50 * x + 0.587 * 40 * y, 1.0) << x << "," << y;
        }
}

TEST(PlaneToGrey, RefusesAStrideShorterThanARowOfPixels) {
    std::vector<std::uint8_t> buf(1000);
    EXPECT_TRUE(grey_from_plane(PixelLayout::bgr24, buf.data(), buf.size(), 10, 4, 20).empty());   // 30 > 20
    EXPECT_TRUE(grey_from_plane(PixelLayout::bgrx32, buf.data(), 100, 10, 4, 40).empty());        // too small
    EXPECT_FALSE(grey_from_plane(PixelLayout::bgrx32, buf.data(), 160, 10, 4, 40).empty());
    EXPECT_FALSE(grey_from_plane(PixelLayout::y_plane, buf.data(), buf.size(), 10, 4, 20).empty());
}

TEST(CameraSources, OtherSchemesAreNotCameras) {
    SourceOptions o;
    EXPECT_EQ(make_camera_source("sim:quick", o), nullptr);
}

TEST(CameraSources, MissingWebcamIsNamed) {
    SourceOptions o;
    try {
        make_camera_source("v4l2:/dev/video-does-not-exist", o);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/dev/video-does-not-exist"), std::string::npos) << e.what();
    }
    EXPECT_THROW(make_camera_source("v4l2:", o), ConfigError);
}

#ifdef PG_HAVE_LIBCAMERA
namespace {
bool have_camera_hardware() {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/dev", ec))
        if (e.path().filename().string().starts_with("media")) return true;
    return false;
}
}  // namespace

TEST(LibcameraSource, WithoutACameraFailsWithOneClearLine) {
    if (have_camera_hardware()) GTEST_SKIP() << "a media device is present; this checks the no-camera path";
    try {
        LibcameraSource s(LibcameraOptions{});
        FAIL() << "expected no camera";
    } catch (const std::runtime_error& e) {
        std::string m = e.what();
        EXPECT_NE(m.find("no camera found"), std::string::npos) << m;
        EXPECT_EQ(m.find('\n'), std::string::npos) << m;
    }
}

TEST(LibcameraSource, RealCameraDeliversGreyFrames) {
    if (!have_camera_hardware()) GTEST_SKIP() << "no camera on this machine";
    LibcameraSource s(LibcameraOptions{"", 320, 240, 10});
    std::optional<Frame> f;
    for (int i = 0; i < 50 && (!f || f->grey.empty()); ++i) {
        usleep(100'000);
        f = s.grab(i * 100);
    }
    ASSERT_TRUE(f && !f->grey.empty());
    EXPECT_EQ(f->grey.type(), CV_8UC1);
}
#endif
