#pragma once

#include "source/frame_source.hpp"

#include <string>

namespace pg {

// `pg-edge camera-process`: the child side of WorkerSource. Opens `spec` in
// this process, greets, then answers each grab request on `in_fd` with a frame
// on `out_fd` until its input ends (the edge stopped or died). Returns the exit code.
int run_camera_process(const std::string& spec, const SourceOptions& options, int in_fd, int out_fd);

}  // namespace pg
