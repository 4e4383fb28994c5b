#pragma once

#include <opencv2/core/matx.hpp>
#include <opencv2/core/types.hpp>

#include <vector>

namespace pg::sim {

// How the photo saw the canonical head: an affine camera (a portrait is taken
// from well beyond the head's own depth), fitted by least squares to where the
// photo's landmarks are. It textures the parts of the head the face mesh does
// not cover (hair, ears, outline) and places the body's cut-out.
class PhotoCamera {
public:
    // `model` in canonical head coordinates, `image` the same points in photo
    // pixels. Throws std::invalid_argument for fewer than four or degenerate points.
    static PhotoCamera fit(const std::vector<cv::Point3f>& model, const std::vector<cv::Point2f>& image);

    cv::Point2f project(const cv::Point3f& p) const;
    // The point of the plane z = `z` (head coordinates) that projects to `pixel`.
    cv::Point3f on_plane(const cv::Point2f& pixel, float z) const;
    // Photo pixels per canonical centimetre.
    double pixels_per_cm() const;
    // The same camera for the photo resized by `k` (OpenCV's pixel-centre convention).
    PhotoCamera scaled(double k) const;

private:
    explicit PhotoCamera(const cv::Matx<double, 2, 4>& a) : a_(a) {}
    cv::Matx<double, 2, 4> a_;
};

}  // namespace pg::sim
