#include "source/camera/libcamera_formats.hpp"

#include <libcamera/formats.h>

#include <algorithm>

namespace pg {

std::vector<GreyFormat> grey_formats(const std::vector<libcamera::PixelFormat>& offered) {
    // libcamera's RGB888 is B,G,R in memory (DRM naming), BGR888 R,G,B.
    static const GreyFormat kBestFirst[] = {
        {libcamera::formats::YUV420, PixelLayout::y_plane},  {libcamera::formats::NV12, PixelLayout::y_plane},
        {libcamera::formats::NV21, PixelLayout::y_plane},    {libcamera::formats::YVU420, PixelLayout::y_plane},
        {libcamera::formats::RGB888, PixelLayout::bgr24},    {libcamera::formats::BGR888, PixelLayout::rgb24},
        {libcamera::formats::XRGB8888, PixelLayout::bgrx32}, {libcamera::formats::XBGR8888, PixelLayout::rgbx32},
    };
    std::vector<GreyFormat> out;
    for (const auto& g : kBestFirst)
        if (std::find(offered.begin(), offered.end(), g.format) != offered.end()) out.push_back(g);
    return out;
}

std::string format_list(const std::vector<libcamera::PixelFormat>& formats) {
    std::string s;
    for (const auto& f : formats) s += (s.empty() ? "" : ", ") + f.toString();
    return s.empty() ? "none" : s;
}

}  // namespace pg
