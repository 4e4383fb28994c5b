#include "source/sim/jaw.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace pg::sim {
namespace {

// Canonical face, cm: the lips meet at y ~4.3 (upper inner lip 3.99, lower
// 4.54); beyond the mouth's corners (|x| 2.3) the jaw's edge falls towards its
// angle below the ear.
constexpr float kLipLine = 4.15f;
constexpr float kMouthHalfWidth = 2.3f;
constexpr float kJawSlope = 0.5f;   // how fast the jaw's edge falls beyond the corners
constexpr float kTransition = 0.35f;
const cv::Point3f kHinge(0.0f, 0.5f, 2.0f);  // the jaw turns about x through here

float smoothstep(float u) {
    u = std::clamp(u, 0.0f, 1.0f);
    return u * u * (3.0f - 2.0f * u);
}

}  // namespace

Jaw::Jaw(const std::vector<cv::Point3f>& face) {
    weight_.reserve(face.size());
    for (const auto& v : face) {
        const float edge = kLipLine + kJawSlope * std::max(0.0f, std::abs(v.x) - kMouthHalfWidth);
        weight_.push_back(smoothstep((v.y - edge) / kTransition));
    }
}

std::vector<cv::Point3f> Jaw::opened(const std::vector<cv::Point3f>& face, double degrees) const {
    std::vector<cv::Point3f> out = face;
    if (degrees == 0.0 || face.size() != weight_.size()) return out;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (weight_[i] <= 0.0f) continue;
        // Opening turns the chin down and back: the face's front (-z) towards +y.
        const double a = degrees * weight_[i] * std::numbers::pi / 180.0;
        const double y = out[i].y - kHinge.y, z = out[i].z - kHinge.z;
        out[i].y = kHinge.y + static_cast<float>(y * std::cos(a) - z * std::sin(a));
        out[i].z = kHinge.z + static_cast<float>(y * std::sin(a) + z * std::cos(a));
    }
    return out;
}

}  // namespace pg::sim
