#pragma once

#include "source/frame_source.hpp"

#include <memory>
#include <string_view>

namespace pg {

// Opens a live camera for "libcamera[:N|:ID]" or "v4l2:/dev/videoN"; nullptr for
// any other spec. Throws ConfigError when this build lacks the backend, and
// std::runtime_error naming the problem when the camera cannot be opened.
std::unique_ptr<FrameSource> make_camera_source(std::string_view spec, const SourceOptions& options);

}  // namespace pg
