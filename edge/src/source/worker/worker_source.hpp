#pragma once

#include "source/frame_source.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace pg {

struct WorkerSourceOptions {
    std::string executable;  // the program that serves `pg-edge camera-process` (this one)
    std::string spec;        // the source the child opens, e.g. "libcamera"
    SourceOptions source;    // size, frame rate, zone
    // Until the child says it opened the camera (40 s were seen under
    // emulation); after start-up the edge ticks on meanwhile.
    std::chrono::milliseconds start_timeout{90'000};
    std::chrono::milliseconds reply_timeout{3'000};   // per frame; longer is a hung camera
    std::int64_t first_backoff_ms = 1'000;            // before the first restart; doubles
    std::int64_t max_backoff_ms = 60'000;
};

// A frame source in a child process. libcamera ends the whole process with
// abort() on some faults (a camera unbound and bound again registers under an
// id its manager still holds: "duplicated ID"); in a child that costs a camera
// restart, not the service with its analysis, outbox and connection. The child
// dying, hanging or closing its socket reads as a camera fault: frames without
// pixels (camera_error) and a new child after a back-off, as the in-process
// sources retry. suspend() ends the child, so a paused device holds no camera
// node at all; resume() starts a new one at the next grab(). Only the
// constructor waits for a child to open its source; later starts are polled
// at each grab(), so the main loop (and its watchdog) never waits on a camera.
class WorkerSource final : public FrameSource {
public:
    // Starts the child and waits for it to open the source; throws
    // std::runtime_error with the child's own error (or how it ended).
    explicit WorkerSource(WorkerSourceOptions options);
    ~WorkerSource() override;

    std::optional<Frame> grab(std::int64_t t_ms) override;
    void suspend() override;
    void resume() override;
    std::string describe() const override;
    // The child's process id once it has opened its source; -1 otherwise (tests).
    int child_pid() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pg
