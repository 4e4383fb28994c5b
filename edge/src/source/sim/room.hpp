#pragma once

#include <opencv2/core/mat.hpp>

#include <cstdint>

namespace pg::sim {

// The seeded room behind the user: a wall with a window, a shelf, a lamp and
// the desk's edge, CV_8UC1.
cv::Mat render_room(cv::Size size, std::uint64_t seed);

}  // namespace pg::sim
