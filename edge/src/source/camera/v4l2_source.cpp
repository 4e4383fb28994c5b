#include "source/camera/v4l2_source.hpp"

#include "pg/log.hpp"

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace pg {

struct V4l2Source::Impl {
    std::string device;
    int width, height, fps;
    std::mutex mutex;
    std::condition_variable cv;
    cv::Mat latest;  // newest grey frame, replaced as frames arrive
    std::atomic<bool> stop{false};
    std::atomic<bool> failed{false};
    std::thread thread;
    std::uint64_t index = 0;

    cv::VideoCapture open_capture() const {
        cv::VideoCapture cap(device, cv::CAP_V4L2);
        if (!cap.isOpened()) return cap;
        cap.set(cv::CAP_PROP_FRAME_WIDTH, width);
        cap.set(cv::CAP_PROP_FRAME_HEIGHT, height);
        cap.set(cv::CAP_PROP_FPS, fps);
        cap.set(cv::CAP_PROP_BUFFERSIZE, 1);
        return cap;
    }

    void run(cv::VideoCapture cap) {
        int backoff_ms = 1000;
        cv::Mat frame, grey;
        while (!stop) {
            if (!cap.isOpened() || !cap.read(frame) || frame.empty()) {
                failed = true;
                log::warn("camera", device, ": no frame; reopening in ", backoff_ms / 1000, " s");
                std::unique_lock lock(mutex);
                cv.wait_for(lock, std::chrono::milliseconds(backoff_ms), [this] { return stop.load(); });
                lock.unlock();
                backoff_ms = std::min(backoff_ms * 2, 60'000);
                cap.release();
                if (!stop) cap = open_capture();
                continue;
            }
            backoff_ms = 1000;
            if (frame.channels() == 3) cv::cvtColor(frame, grey, cv::COLOR_BGR2GRAY);
            else grey = frame;
            std::lock_guard lock(mutex);
            latest = grey.clone();
            failed = false;
        }
    }
};

V4l2Source::V4l2Source(std::string device, int width, int height, int fps) : impl_(std::make_unique<Impl>()) {
    impl_->device = std::move(device);
    impl_->width = width;
    impl_->height = height;
    impl_->fps = fps;
    struct stat st {};
    if (::stat(impl_->device.c_str(), &st) != 0)
        throw std::runtime_error("v4l2: " + impl_->device + " does not exist (is the webcam plugged in? `v4l2-ctl --list-devices`)");
    auto cap = impl_->open_capture();
    if (!cap.isOpened())
        throw std::runtime_error("v4l2: cannot open " + impl_->device + " (in use, or no permission: add the user to group 'video')");
    impl_->thread = std::thread([this, c = std::move(cap)]() mutable { impl_->run(std::move(c)); });
}

V4l2Source::~V4l2Source() {
    impl_->stop = true;
    impl_->cv.notify_all();
    if (impl_->thread.joinable()) impl_->thread.join();
}

std::optional<Frame> V4l2Source::grab(std::int64_t t_ms) {
    Frame f;
    f.t_ms = t_ms;
    f.index = impl_->index++;
    std::lock_guard lock(impl_->mutex);
    if (!impl_->failed && !impl_->latest.empty()) f.grey = impl_->latest;
    return f;
}

std::string V4l2Source::describe() const { return "v4l2 " + impl_->device; }

}  // namespace pg
