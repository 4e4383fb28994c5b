#pragma once

#include <opencv2/core/mat.hpp>

#include <cstddef>
#include <cstdint>

namespace pg {

// Copies the Y (luma) plane of a YUV420 buffer into a tight grey image. Camera
// rows are padded to `stride` bytes (often a multiple of 32 or 64), so the rows
// must be copied one by one, never as one block. Returns an empty Mat when the
// buffer is too small for the geometry.
cv::Mat copy_y_plane(const std::uint8_t* data, std::size_t length, int width, int height, int stride);

}  // namespace pg
