#pragma once

#include "source/camera/plane_to_grey.hpp"

#include <libcamera/pixel_format.h>

#include <string>
#include <vector>

namespace pg {

// A stream format whose first plane gives the grey image, and how it holds it.
struct GreyFormat {
    libcamera::PixelFormat format;
    PixelLayout layout;
};

// The formats of `offered` that give a grey image, best first: a Y plane needs no
// conversion (every Pi camera offers YUV420); packed RGB is what cameras without
// a YUV output give (vimc, some USB bridges).
std::vector<GreyFormat> grey_formats(const std::vector<libcamera::PixelFormat>& offered);

// "RGB888, BGR888", or "none".
std::string format_list(const std::vector<libcamera::PixelFormat>& formats);

}  // namespace pg
