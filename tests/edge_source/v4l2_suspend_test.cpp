// A paused webcam is really let go of: V4l2Source over a fake device that holds
// a real file descriptor (as OpenCV's capture holds /dev/videoN), so the test
// sees in /proc/self/fd that suspend() closed it and resume() opened it again.
#include "source/camera/v4l2_source.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

using namespace pg;

namespace {

struct Counters {
    std::atomic<int> opens{0}, closes{0}, reads{0};
    std::atomic<int> fd{-1};
};

class FakeWebcam final : public CaptureDevice {
public:
    explicit FakeWebcam(Counters& c) : c_(c), fd_(::open("/dev/null", O_RDONLY | O_CLOEXEC)) {
        c_.fd = fd_;
        ++c_.opens;
    }
    ~FakeWebcam() override {
        ::close(fd_);
        ++c_.closes;
    }
    bool read(cv::Mat& frame) override {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a camera's frame interval
        frame = cv::Mat(48, 64, CV_8UC3, cv::Scalar(10, 20, 30));
        ++c_.reads;
        return true;
    }

private:
    Counters& c_;
    int fd_;
};

// The descriptor is open on the fake's device node (its number may be reused for something else once closed).
bool fd_open(int fd) {
    std::error_code ec;
    auto target = std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(fd), ec);
    return !ec && target == "/dev/null";
}

template <typename F>
bool eventually(F f) {
    for (int i = 0; i < 2000 && !f(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return f();
}

}  // namespace

TEST(V4l2Suspend, ClosesTheDeviceAndOpensItAgain) {
    Counters c;
    V4l2Source src("/dev/video-fake", [&c] { return std::make_unique<FakeWebcam>(c); });
    ASSERT_TRUE(eventually([&] { return !src.grab(0)->grey.empty(); }));
    const int first_fd = c.fd;
    ASSERT_TRUE(fd_open(first_fd));
    EXPECT_EQ(c.opens, 1);

    src.suspend();
    EXPECT_EQ(c.closes, 1);  // closed before suspend() returns
    EXPECT_FALSE(fd_open(first_fd)) << "the device's descriptor is still open";
    const int reads = c.reads;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(c.reads, reads) << "frames were read while suspended";
    EXPECT_TRUE(src.grab(1)->grey.empty());  // no stale frame from before the pause
    src.suspend();                            // idempotent
    EXPECT_EQ(c.closes, 1);

    src.resume();
    ASSERT_TRUE(eventually([&] { return !src.grab(2)->grey.empty(); }));
    EXPECT_EQ(c.opens, 2);
    EXPECT_TRUE(fd_open(c.fd));
    src.resume();  // idempotent
    EXPECT_EQ(c.opens, 2);
}

TEST(V4l2Suspend, ADeviceThatCannotBeReopenedIsRetriedWithoutPixels) {
    Counters c;
    std::atomic<bool> unplugged{false};
    V4l2Source src("/dev/video-fake", [&]() -> std::unique_ptr<CaptureDevice> {
        if (unplugged) return nullptr;
        return std::make_unique<FakeWebcam>(c);
    });
    ASSERT_TRUE(eventually([&] { return !src.grab(0)->grey.empty(); }));
    src.suspend();
    unplugged = true;
    src.resume();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_TRUE(src.grab(1)->grey.empty());  // camera_error meanwhile
    unplugged = false;
    // The capture thread retries with back-off (1 s first).
    ASSERT_TRUE(eventually([&] { return !src.grab(2)->grey.empty(); }));
    EXPECT_EQ(c.opens, 2);
}
