#pragma once

#include "source/frame.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pg {

// Where frames come from: a camera, a file, or a simulated scene.
class FrameSource {
public:
    virtual ~FrameSource() = default;
    // The newest frame for the tick at t_ms; nullopt once a finite source has ended.
    virtual std::optional<Frame> grab(std::int64_t t_ms) = 0;
    // Simulated timelines begin at a fixed time (Unix ms) and run on a simulated
    // clock when asked; live sources return nullopt and run on the system clock.
    virtual std::optional<std::int64_t> start_time_ms() const { return std::nullopt; }
    // The tick to analyse at or after `proposed_ms`: a simulated source skips the
    // nights between its scripted days. Live sources return `proposed_ms`.
    virtual std::int64_t next_tick_ms(std::int64_t proposed_ms) const { return proposed_ms; }
    // A finite source's timeline is over at t_ms (asked while paused, when nothing
    // is grabbed); a live source never ends.
    virtual bool ended(std::int64_t t_ms) const { (void)t_ms; return false; }
    // Monitoring paused: let go of the device — a camera's stream, buffers and
    // handle, a webcam's file descriptor — until resume(); nothing is grabbed in
    // between. resume() opens it again; if that fails, grab() gives frames
    // without pixels (camera_error) and retries, as after a camera fault. Both
    // are idempotent; recordings and the simulated desk have nothing to release.
    virtual void suspend() {}
    virtual void resume() {}
    // One line for logs and errors, e.g. "sim:workday (3 days, face astronaut.png)".
    virtual std::string describe() const = 0;
};

struct SourceOptions {
    int width = 320;                // capture size
    int height = 240;
    int fps = 10;                   // live cameras
    std::string timezone = "UTC";   // the device's IANA zone: scripted days are local days
    std::int64_t now_ms = 0;        // wall time at start-up
    bool realtime = false;          // --speed real: a simulated timeline starts now
    // A libcamera camera runs in a child process of this program (its path:
    // `camera-process` serves it); empty: in this process.
    std::string camera_process;
    std::string labels_file;        // file:PATH ground truth (CSV frame,state); empty: PATH/labels.csv if any
};

// Parses a source spec ("sim:workday,days=3,face=PATH", ...). Throws ConfigError
// naming the spec and what is wrong with it.
std::unique_ptr<FrameSource> make_frame_source(std::string_view spec, const SourceOptions& options);

}  // namespace pg
