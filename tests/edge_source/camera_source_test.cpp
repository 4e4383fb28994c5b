#include "pg/errors.hpp"
#include "source/camera/camera_sources.hpp"
#include "source/camera/y_plane.hpp"

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
