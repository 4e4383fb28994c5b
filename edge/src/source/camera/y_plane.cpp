#include "source/camera/y_plane.hpp"

#include <cstring>

namespace pg {

cv::Mat copy_y_plane(const std::uint8_t* data, std::size_t length, int width, int height, int stride) {
    if (!data || width <= 0 || height <= 0 || stride < width) return {};
    const auto needed = static_cast<std::size_t>(stride) * static_cast<std::size_t>(height - 1) +
                        static_cast<std::size_t>(width);
    if (length < needed) return {};
    cv::Mat grey(height, width, CV_8UC1);
    for (int y = 0; y < height; ++y)
        std::memcpy(grey.ptr(y), data + static_cast<std::size_t>(y) * static_cast<std::size_t>(stride),
                    static_cast<std::size_t>(width));
    return grey;
}

}  // namespace pg
