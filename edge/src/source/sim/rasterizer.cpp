#include "source/sim/rasterizer.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace pg::sim {
namespace {

// Nothing this close to the camera's centre is drawn (the head is ~60 cm away).
constexpr double kNearCm = 1.0;
// Pixels on a shared edge belong to both triangles: no cracks between them.
constexpr float kEdgeSlack = 1e-4f;
constexpr float kMinArea2 = 1e-3f;  // twice a triangle's area on screen, pixels
// A soft outline, as a camera's optics give one: about a pixel of blur.
constexpr double kSoftEdgePx = 0.8;

struct Projected {
    std::vector<cv::Point2f> image;
    std::vector<float> depth;
};

Projected project(const TexturedMesh& mesh, const Rigid& placement, const Pinhole& camera) {
    Projected p;
    p.image.reserve(mesh.vertices.size());
    p.depth.reserve(mesh.vertices.size());
    for (const auto& v : mesh.vertices) {
        const cv::Vec3d c = placement.apply(v);
        p.depth.push_back(static_cast<float>(c[2]));
        p.image.emplace_back(c[2] > kNearCm ? cv::Point2f(camera.project(c)) : cv::Point2f());
    }
    return p;
}

// Twice the signed area on screen (y down): negative when counter-clockwise.
float screen_area2(const cv::Point2f& a, const cv::Point2f& b, const cv::Point2f& c) {
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

bool faces_camera(const Projected& p, const std::array<int, 3>& t) {
    for (int i : t)
        if (!(p.depth[static_cast<std::size_t>(i)] > kNearCm)) return false;
    // Edge-on (or degenerate) triangles cover no pixel centre worth a warp.
    return screen_area2(p.image[static_cast<std::size_t>(t[0])], p.image[static_cast<std::size_t>(t[1])],
                        p.image[static_cast<std::size_t>(t[2])]) < -kMinArea2;
}

// Bilinear, clamped to the texture (barycentric slack may step a hair outside;
// `!(x > 0)` also catches NaN, which std::clamp would pass on).
cv::Vec2f sample(const cv::Mat& tex, float x, float y) {
    x = !(x > 0.0f) ? 0.0f : std::min(x, static_cast<float>(tex.cols) - 1.001f);
    y = !(y > 0.0f) ? 0.0f : std::min(y, static_cast<float>(tex.rows) - 1.001f);
    const int x0 = static_cast<int>(x), y0 = static_cast<int>(y);
    const float fx = x - static_cast<float>(x0), fy = y - static_cast<float>(y0);
    const cv::Vec2f* r0 = tex.ptr<cv::Vec2f>(y0) + x0;
    const cv::Vec2f* r1 = tex.ptr<cv::Vec2f>(y0 + 1) + x0;
    const cv::Vec2f top = r0[0] * (1.0f - fx) + r0[1] * fx;
    const cv::Vec2f bottom = r1[0] * (1.0f - fx) + r1[1] * fx;
    return top * (1.0f - fy) + bottom * fy;
}

// The barycentric weight of vertex `a` as an affine function of the pixel:
// 1 at a, 0 along the edge (b, c).
cv::Vec3f weight_of(const cv::Point2f& a, const cv::Point2f& b, const cv::Point2f& c) {
    const float ka = -(c.y - b.y), kb = c.x - b.x, kc = -(ka * b.x + kb * b.y);
    const float at_a = ka * a.x + kb * a.y + kc;
    return {ka / at_a, kb / at_a, kc / at_a};
}

// Where triangles are drawn: `grey` holds the frame's pixels from `origin` on;
// `coverage` (same size, optional) marks the pixels drawn.
struct Target {
    cv::Mat grey;
    cv::Mat coverage;
    cv::Point origin;
};

void fill_triangle(Target& target, const cv::Mat& texture, const cv::Point2f (&p)[3], const cv::Point2f (&t)[3],
                   Cover cover) {
    const float x_lo = std::min({p[0].x, p[1].x, p[2].x}), x_hi = std::max({p[0].x, p[1].x, p[2].x});
    const float y_lo = std::min({p[0].y, p[1].y, p[2].y}), y_hi = std::max({p[0].y, p[1].y, p[2].y});
    const cv::Mat& frame = target.grey;
    const int ox = target.origin.x, oy = target.origin.y;
    const int x0 = std::max(ox, static_cast<int>(std::ceil(x_lo)));
    const int x1 = std::min(ox + frame.cols - 1, static_cast<int>(std::floor(x_hi)));
    const int y0 = std::max(oy, static_cast<int>(std::ceil(y_lo)));
    const int y1 = std::min(oy + frame.rows - 1, static_cast<int>(std::floor(y_hi)));
    if (x0 > x1 || y0 > y1) return;
    const cv::Vec3f w[3] = {weight_of(p[0], p[1], p[2]), weight_of(p[1], p[2], p[0]), weight_of(p[2], p[0], p[1])};
    // Texture position as an affine function of the pixel: the per-triangle warp.
    cv::Vec3f tu, tv;
    for (int i = 0; i < 3; ++i) tu += w[i] * t[i].x, tv += w[i] * t[i].y;
    for (int y = y0; y <= y1; ++y) {
        float* row = target.grey.ptr<float>(y - oy) - ox;
        float* covered = target.coverage.empty() ? nullptr : target.coverage.ptr<float>(y - oy) - ox;
        const float fy = static_cast<float>(y);
        for (int x = x0; x <= x1; ++x) {
            const float fx = static_cast<float>(x);
            if (w[0][0] * fx + w[0][1] * fy + w[0][2] < -kEdgeSlack || w[1][0] * fx + w[1][1] * fy + w[1][2] < -kEdgeSlack ||
                w[2][0] * fx + w[2][1] * fy + w[2][2] < -kEdgeSlack)
                continue;
            const cv::Vec2f s = sample(texture, tu[0] * fx + tu[1] * fy + tu[2], tv[0] * fx + tv[1] * fy + tv[2]);
            row[x] = cover == Cover::alpha ? row[x] + s[1] * (s[0] - row[x]) : s[0];
            if (covered) covered[x] = 1.0f;
        }
    }
}

}  // namespace

void draw_mesh(cv::Mat& frame, const TexturedMesh& mesh, const cv::Mat& texture, const Rigid& placement,
               const Pinhole& camera, Cover cover) {
    if (frame.type() != CV_32FC1) throw std::invalid_argument("draw_mesh needs a CV_32FC1 frame");
    if (texture.type() != CV_32FC2 || texture.cols < 2 || texture.rows < 2)
        throw std::invalid_argument("draw_mesh needs a CV_32FC2 texture of at least 2x2");
    if (mesh.texture.size() != mesh.vertices.size()) throw std::invalid_argument("draw_mesh: one texture point per vertex");
    const Projected p = project(mesh, placement, camera);
    std::vector<std::pair<float, std::size_t>> order;  // (mean depth, triangle)
    order.reserve(mesh.triangles.size());
    for (std::size_t i = 0; i < mesh.triangles.size(); ++i) {
        const auto& t = mesh.triangles[i];
        for (int v : t)
            if (v < 0 || static_cast<std::size_t>(v) >= mesh.vertices.size())
                throw std::invalid_argument("draw_mesh: triangle " + std::to_string(i) + " names a missing vertex");
        if (!faces_camera(p, t)) continue;
        const float depth = p.depth[static_cast<std::size_t>(t[0])] + p.depth[static_cast<std::size_t>(t[1])] +
                            p.depth[static_cast<std::size_t>(t[2])];
        order.emplace_back(depth, i);
    }
    // Far first, so the nearer triangles are drawn over them (the painter's order);
    // ties by index keep the result independent of the sort's implementation.
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    Target target;
    cv::Rect roi(0, 0, frame.cols, frame.rows);
    if (cover == Cover::soft_edge) {
        // Drawn apart first, then blended in through its own blurred outline.
        float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
        for (const auto& [depth, i] : order)
            for (int v : mesh.triangles[i]) {
                const cv::Point2f& q = p.image[static_cast<std::size_t>(v)];
                x0 = std::min(x0, q.x), y0 = std::min(y0, q.y), x1 = std::max(x1, q.x), y1 = std::max(y1, q.y);
            }
        if (order.empty()) return;
        const int m = 3;
        roi = cv::Rect(cv::Point(static_cast<int>(std::floor(x0)) - m, static_cast<int>(std::floor(y0)) - m),
                       cv::Point(static_cast<int>(std::ceil(x1)) + m + 1, static_cast<int>(std::ceil(y1)) + m + 1)) &
              roi;
        if (roi.empty()) return;
        target.grey = frame(roi).clone();
        target.coverage = cv::Mat::zeros(roi.size(), CV_32FC1);
    } else {
        target.grey = frame;
    }
    target.origin = roi.tl();
    for (const auto& [depth, i] : order) {
        const auto& t = mesh.triangles[i];
        cv::Point2f img[3], tex[3];
        for (int k = 0; k < 3; ++k) {
            const auto v = static_cast<std::size_t>(t[static_cast<std::size_t>(k)]);
            img[k] = p.image[v];
            tex[k] = mesh.texture[v];
        }
        fill_triangle(target, texture, img, tex, cover);
    }
    if (cover == Cover::soft_edge) {
        // Only inside the outline (outside it the layer holds no mesh): the
        // edge pixels take about half of the mesh, the next ones all of it.
        cv::Mat soft;
        cv::GaussianBlur(target.coverage, soft, cv::Size(), kSoftEdgePx, kSoftEdgePx, cv::BORDER_REPLICATE);
        cv::Mat a = cv::min(target.coverage.mul(soft) * 1.6, 1.0);
        cv::Mat dst = frame(roi);
        cv::Mat blended = dst + a.mul(target.grey - dst);
        blended.copyTo(dst);
    }
}

int front_facing_triangles(const TexturedMesh& mesh, const Rigid& placement, const Pinhole& camera) {
    const Projected p = project(mesh, placement, camera);
    return static_cast<int>(std::count_if(mesh.triangles.begin(), mesh.triangles.end(),
                                          [&](const auto& t) { return faces_camera(p, t); }));
}

}  // namespace pg::sim
