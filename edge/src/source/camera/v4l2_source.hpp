#pragma once

#include "source/frame_source.hpp"

#include <memory>
#include <string>

namespace pg {

// A USB webcam through OpenCV's V4L2 backend. A capture thread reads frames as
// the camera delivers them and keeps only the newest, so analysis never works
// on a stale, queued-up frame. A device that fails is reopened with back-off;
// meanwhile grab() returns frames without pixels (camera_error).
class V4l2Source final : public FrameSource {
public:
    // Throws std::runtime_error naming the device when it cannot be opened.
    V4l2Source(std::string device, int width, int height, int fps);
    ~V4l2Source() override;

    std::optional<Frame> grab(std::int64_t t_ms) override;
    std::string describe() const override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pg
