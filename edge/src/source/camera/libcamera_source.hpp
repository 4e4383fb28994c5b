#pragma once

#include "source/frame_source.hpp"

#include <memory>
#include <string>

namespace pg {

struct LibcameraOptions {
    std::string camera;  // "" = the first camera, "N" = index N, otherwise a libcamera id
    int width = 640;
    int height = 480;
    int fps = 10;
};

// The Pi camera through libcamera: a small YUV420 stream whose Y plane is the grey
// image (a camera without YUV output, such as vimc, gives packed RGB, converted to
// grey; rows may be padded beyond the width). The completion callback only queues
// the finished request; grab() copies the newest frame and re-queues every
// finished request (recycling is tied to a guard's lifetime). A camera that stalls or disappears is restarted with
// back-off, and meanwhile grab() returns frames without pixels (camera_error).
class LibcameraSource final : public FrameSource {
public:
    // Throws std::runtime_error with one line naming the problem when there is no
    // usable camera.
    explicit LibcameraSource(LibcameraOptions options);
    ~LibcameraSource() override;

    std::optional<Frame> grab(std::int64_t t_ms) override;
    // Stops the camera, frees its requests and buffers, releases it and stops the
    // camera manager, so no /dev/media* or /dev/video* node stays open; resume()
    // lets the next grab() start it all again.
    void suspend() override;
    void resume() override;
    std::string describe() const override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Which libcamera API this build uses (for the configure summary and --version).
const char* libcamera_api_name();

}  // namespace pg
