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

// How the first plane of a camera buffer holds its pixels, in memory byte order.
// Pi cameras deliver YUV420 (the grey image is the Y plane, nothing to convert);
// cameras without a YUV output (vimc, some USB bridges behind libcamera) deliver
// packed RGB, which is converted.
enum class PixelLayout { y_plane, rgb24, bgr24, rgbx32, bgrx32 };

// Bytes per pixel in the first plane.
int bytes_per_pixel(PixelLayout layout);

// A tight grey image of the first plane, rows `stride` bytes apart. Empty when
// the buffer is too small for the geometry.
cv::Mat grey_from_plane(PixelLayout layout, const std::uint8_t* data, std::size_t length, int width, int height,
                        int stride);

}  // namespace pg
