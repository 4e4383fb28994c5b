#include "source/sim/photo_camera.hpp"

#include <opencv2/core.hpp>

#include <cmath>
#include <stdexcept>

namespace pg::sim {

PhotoCamera PhotoCamera::fit(const std::vector<cv::Point3f>& model, const std::vector<cv::Point2f>& image) {
    if (model.size() != image.size() || model.size() < 4)
        throw std::invalid_argument("PhotoCamera::fit needs at least four matching points");
    cv::Mat m(static_cast<int>(model.size()), 4, CV_64F), rhs(static_cast<int>(model.size()), 2, CV_64F);
    for (int i = 0; i < m.rows; ++i) {
        const auto& p = model[static_cast<std::size_t>(i)];
        m.at<double>(i, 0) = p.x, m.at<double>(i, 1) = p.y, m.at<double>(i, 2) = p.z, m.at<double>(i, 3) = 1.0;
        rhs.at<double>(i, 0) = image[static_cast<std::size_t>(i)].x;
        rhs.at<double>(i, 1) = image[static_cast<std::size_t>(i)].y;
    }
    cv::Mat x;
    if (!cv::solve(m, rhs, x, cv::DECOMP_SVD)) throw std::invalid_argument("PhotoCamera::fit: degenerate points");
    cv::Matx<double, 2, 4> a;
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 4; ++c) a(r, c) = x.at<double>(c, r);
    const PhotoCamera cam(a);
    if (!(cam.pixels_per_cm() > 1e-6)) throw std::invalid_argument("PhotoCamera::fit: degenerate points");
    return cam;
}

cv::Point2f PhotoCamera::project(const cv::Point3f& p) const {
    const cv::Vec2d q = a_ * cv::Vec4d(p.x, p.y, p.z, 1.0);
    return {static_cast<float>(q[0]), static_cast<float>(q[1])};
}

cv::Point3f PhotoCamera::on_plane(const cv::Point2f& pixel, float z) const {
    const cv::Matx22d m(a_(0, 0), a_(0, 1), a_(1, 0), a_(1, 1));
    const cv::Vec2d rhs(pixel.x - a_(0, 2) * z - a_(0, 3), pixel.y - a_(1, 2) * z - a_(1, 3));
    const cv::Vec2d xy = m.inv() * rhs;
    return {static_cast<float>(xy[0]), static_cast<float>(xy[1]), z};
}

double PhotoCamera::pixels_per_cm() const {
    const double rx = std::hypot(a_(0, 0), a_(0, 1), a_(0, 2)), ry = std::hypot(a_(1, 0), a_(1, 1), a_(1, 2));
    return std::sqrt(rx * ry);
}

PhotoCamera PhotoCamera::scaled(double k) const {
    cv::Matx<double, 2, 4> a = a_ * k;
    a(0, 3) += 0.5 * k - 0.5;
    a(1, 3) += 0.5 * k - 0.5;
    return PhotoCamera(a);
}

}  // namespace pg::sim
