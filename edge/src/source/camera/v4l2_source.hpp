#pragma once

#include "source/frame_source.hpp"

#include <opencv2/core/mat.hpp>

#include <functional>
#include <memory>
#include <string>

namespace pg {

// One open webcam: OpenCV's V4L2 capture for real (its file descriptor closes
// with it), a fake in tests.
class CaptureDevice {
public:
    virtual ~CaptureDevice() = default;
    // The next frame as the camera delivers it (blocking); false when it failed.
    virtual bool read(cv::Mat& frame) = 0;
};
// Opens the device; nullptr when it cannot be opened.
using CaptureOpener = std::function<std::unique_ptr<CaptureDevice>()>;

// A USB webcam through OpenCV's V4L2 backend. A capture thread reads frames as
// the camera delivers them and keeps only the newest, so analysis never works
// on a stale, queued-up frame. A device that fails is reopened with back-off;
// meanwhile grab() returns frames without pixels (camera_error). suspend()
// ends the thread and closes the device; resume() opens it on a new thread.
class V4l2Source final : public FrameSource {
public:
    // Throws std::runtime_error naming the device when it cannot be opened.
    V4l2Source(std::string device, int width, int height, int fps);
    // The same over any opener (tests: a fake device).
    V4l2Source(std::string device, CaptureOpener opener);
    ~V4l2Source() override;

    std::optional<Frame> grab(std::int64_t t_ms) override;
    void suspend() override;
    void resume() override;
    std::string describe() const override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pg
