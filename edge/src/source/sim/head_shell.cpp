#include "source/sim/head_shell.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace pg::sim {
namespace {

// Coarse is enough: the shell is seen mostly as an outline.
constexpr int kRings = 14;     // from the top of the head to the bottom
constexpr int kSegments = 28;  // around the vertical axis

cv::Point3f on_shell(const HeadShellShape& s, double polar, double around) {
    // polar 0 = top of the head; around 0 = the front (towards the camera, -z).
    return {s.centre.x + s.radii.x * static_cast<float>(std::sin(polar) * std::sin(around)),
            s.centre.y - s.radii.y * static_cast<float>(std::cos(polar)),
            s.centre.z - s.radii.z * static_cast<float>(std::sin(polar) * std::cos(around))};
}

}  // namespace

TexturedMesh head_shell(const PhotoCamera& photo, const HeadShellShape& shape) {
    TexturedMesh m;
    const double pi = std::numbers::pi;
    for (int r = 0; r <= kRings; ++r)
        for (int s = 0; s < kSegments; ++s) {
            const double polar = pi * r / kRings, around = 2.0 * pi * s / kSegments - pi;  // -pi..pi, 0 in front
            const cv::Point3f v = on_shell(shape, polar, around);
            const bool front = std::abs(around) <= 0.5 * pi;
            m.vertices.push_back(v);
            m.texture.push_back(photo.project(front ? v : on_shell(shape, polar, 0.0)));
        }
    auto at = [](int r, int s) { return r * kSegments + (s % kSegments); };
    for (int r = 0; r < kRings; ++r)
        for (int s = 0; s < kSegments; ++s) {
            const int a = at(r, s), b = at(r, s + 1), c = at(r + 1, s), d = at(r + 1, s + 1);
            for (std::array<int, 3> t : {std::array<int, 3>{a, b, d}, std::array<int, 3>{a, d, c}}) {
                const cv::Point3f& p0 = m.vertices[static_cast<std::size_t>(t[0])];
                const cv::Point3f& p1 = m.vertices[static_cast<std::size_t>(t[1])];
                const cv::Point3f& p2 = m.vertices[static_cast<std::size_t>(t[2])];
                const cv::Point3f n = (p1 - p0).cross(p2 - p0);
                if (n.dot(n) < 1e-10f) continue;  // collapsed at a pole
                // Wound so the normal points out of the head (front faces counter-clockwise on screen).
                if (n.dot((p0 + p1 + p2) * (1.0f / 3.0f) - shape.centre) < 0.0f) std::swap(t[1], t[2]);
                m.triangles.push_back(t);
            }
        }
    return m;
}

}  // namespace pg::sim
