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
namespace {

class OpencvCapture final : public CaptureDevice {
public:
    explicit OpencvCapture(cv::VideoCapture cap) : cap_(std::move(cap)) {}
    bool read(cv::Mat& frame) override { return cap_.read(frame) && !frame.empty(); }

private:
    cv::VideoCapture cap_;  // released (and its fd closed) with this object
};

CaptureOpener opencv_opener(const std::string& device, int width, int height, int fps) {
    return [=]() -> std::unique_ptr<CaptureDevice> {
        cv::VideoCapture cap(device, cv::CAP_V4L2);
        if (!cap.isOpened()) return nullptr;
        cap.set(cv::CAP_PROP_FRAME_WIDTH, width);
        cap.set(cv::CAP_PROP_FRAME_HEIGHT, height);
        cap.set(cv::CAP_PROP_FPS, fps);
        cap.set(cv::CAP_PROP_BUFFERSIZE, 1);
        return std::make_unique<OpencvCapture>(std::move(cap));
    };
}

}  // namespace

struct V4l2Source::Impl {
    std::string device;
    CaptureOpener open;
    std::mutex mutex;
    std::condition_variable cv;
    cv::Mat latest;  // newest grey frame, replaced as frames arrive
    std::atomic<bool> stop{false};
    std::atomic<bool> failed{false};
    std::thread thread;
    bool suspended = false;
    std::uint64_t index = 0;

    void run(std::unique_ptr<CaptureDevice> cap) {
        int backoff_ms = 1000;
        cv::Mat frame, grey;
        if (!cap) cap = open();
        while (!stop) {
            if (!cap || !cap->read(frame)) {
                failed = true;
                log::warn("camera", device, ": no frame; reopening in ", backoff_ms / 1000, " s");
                std::unique_lock lock(mutex);
                cv.wait_for(lock, std::chrono::milliseconds(backoff_ms), [this] { return stop.load(); });
                lock.unlock();
                backoff_ms = std::min(backoff_ms * 2, 60'000);
                cap.reset();
                if (!stop) cap = open();
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
    void start(std::unique_ptr<CaptureDevice> cap) {
        stop = false;
        thread = std::thread([this, c = std::move(cap)]() mutable { run(std::move(c)); });
    }
    void end() {
        stop = true;
        cv.notify_all();
        if (thread.joinable()) thread.join();  // the device closes as the thread ends
    }
};

V4l2Source::V4l2Source(std::string device, int width, int height, int fps) : impl_(std::make_unique<Impl>()) {
    impl_->device = std::move(device);
    impl_->open = opencv_opener(impl_->device, width, height, fps);
    struct stat st {};
    if (::stat(impl_->device.c_str(), &st) != 0)
        throw std::runtime_error("v4l2: " + impl_->device + " does not exist (is the webcam plugged in? `v4l2-ctl --list-devices`)");
    auto cap = impl_->open();
    if (!cap)
        throw std::runtime_error("v4l2: cannot open " + impl_->device + " (in use, or no permission: add the user to group 'video')");
    impl_->start(std::move(cap));
}

V4l2Source::V4l2Source(std::string device, CaptureOpener opener) : impl_(std::make_unique<Impl>()) {
    impl_->device = std::move(device);
    impl_->open = std::move(opener);
    auto cap = impl_->open();
    if (!cap) throw std::runtime_error("v4l2: cannot open " + impl_->device);
    impl_->start(std::move(cap));
}

V4l2Source::~V4l2Source() { impl_->end(); }

void V4l2Source::suspend() {
    if (impl_->suspended) return;
    impl_->end();
    impl_->suspended = true;
    std::lock_guard lock(impl_->mutex);
    impl_->latest.release();  // no stale frame after the pause
    log::info("camera", impl_->device, " closed while monitoring is paused");
}

void V4l2Source::resume() {
    if (!impl_->suspended) return;
    impl_->suspended = false;
    impl_->failed = false;
    impl_->start(nullptr);  // opened on the capture thread: a slow device never blocks the tick
    log::info("camera", impl_->device, " opened again");
}

std::optional<Frame> V4l2Source::grab(std::int64_t t_ms) {
    Frame f;
    f.t_ms = t_ms;
    f.index = impl_->index++;
    std::lock_guard lock(impl_->mutex);
    if (!impl_->suspended && !impl_->failed && !impl_->latest.empty()) f.grey = impl_->latest;
    return f;
}

std::string V4l2Source::describe() const { return "v4l2 " + impl_->device; }

}  // namespace pg
