#pragma once

#include <opencv2/core/types.hpp>

#include <vector>

namespace pg::sim {

// The lower jaw of the canonical face, for talking: how much of the jaw's
// rotation each vertex follows (1 for the lower lip and chin, 0 for the upper
// lip and above, in between at the mouth's corners and along the cheeks), and
// the rotation itself about the jaw's hinge in front of the ears. The mesh's
// triangles across the closed lips stretch into the open mouth.
class Jaw {
public:
    Jaw() = default;  // no jaw: opened() changes nothing
    explicit Jaw(const std::vector<cv::Point3f>& face);

    // `face` (the same vertices) with the mouth opened by `degrees`.
    std::vector<cv::Point3f> opened(const std::vector<cv::Point3f>& face, double degrees) const;

    const std::vector<float>& weights() const { return weight_; }

private:
    std::vector<float> weight_;
};

}  // namespace pg::sim
