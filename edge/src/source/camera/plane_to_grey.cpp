#include "source/camera/plane_to_grey.hpp"

#include <opencv2/imgproc.hpp>

#include <cstring>

namespace pg {
namespace {

bool fits(std::size_t length, int row_bytes, int height, int stride) {
    if (row_bytes <= 0 || height <= 0 || stride < row_bytes) return false;
    const auto needed = static_cast<std::size_t>(stride) * static_cast<std::size_t>(height - 1) +
                        static_cast<std::size_t>(row_bytes);
    return length >= needed;
}

}  // namespace

cv::Mat copy_y_plane(const std::uint8_t* data, std::size_t length, int width, int height, int stride) {
    if (!data || !fits(length, width, height, stride)) return {};
    cv::Mat grey(height, width, CV_8UC1);
    for (int y = 0; y < height; ++y)
        std::memcpy(grey.ptr(y), data + static_cast<std::size_t>(y) * static_cast<std::size_t>(stride),
                    static_cast<std::size_t>(width));
    return grey;
}

int bytes_per_pixel(PixelLayout layout) {
    switch (layout) {
    case PixelLayout::y_plane: return 1;
    case PixelLayout::rgb24:
    case PixelLayout::bgr24: return 3;
    case PixelLayout::rgbx32:
    case PixelLayout::bgrx32: return 4;
    }
    return 1;
}

cv::Mat grey_from_plane(PixelLayout layout, const std::uint8_t* data, std::size_t length, int width, int height,
                        int stride) {
    if (layout == PixelLayout::y_plane) return copy_y_plane(data, length, width, height, stride);
    const int bpp = bytes_per_pixel(layout);
    if (!data || width <= 0 || !fits(length, width * bpp, height, stride)) return {};
    // A read-only view of the mapped rows (stride included); cvtColor writes a new image.
    const cv::Mat view(height, width, bpp == 3 ? CV_8UC3 : CV_8UC4, const_cast<std::uint8_t*>(data),
                       static_cast<std::size_t>(stride));
    int code = cv::COLOR_BGR2GRAY;
    if (layout == PixelLayout::rgb24) code = cv::COLOR_RGB2GRAY;
    if (layout == PixelLayout::rgbx32) code = cv::COLOR_RGBA2GRAY;
    if (layout == PixelLayout::bgrx32) code = cv::COLOR_BGRA2GRAY;
    cv::Mat grey;
    cv::cvtColor(view, grey, code);
    return grey;
}

}  // namespace pg
