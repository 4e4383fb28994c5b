#include "vision/mesh/face_landmarker.hpp"

#include "vision/mesh/canonical_mesh.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <stdexcept>

namespace pg {
namespace {

constexpr float kRegionScale = 1.5f;
constexpr double kRad = std::numbers::pi / 180.0;

// crop pixels -> image pixels for `r`.
cv::Matx23d crop_to_image(const FaceRegion& r) {
    const double k = r.side / FaceLandmarker::kInputSize;
    const double c = std::cos(r.angle_deg * kRad) * k, s = std::sin(r.angle_deg * kRad) * k;
    const double h = FaceLandmarker::kInputSize / 2.0;
    return {c, -s, r.centre.x - (c * h - s * h), s, c, r.centre.y - (s * h + c * h)};
}

}  // namespace

FaceLandmarker::FaceLandmarker(const std::string& model_file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(model_file, ec))
        throw std::runtime_error("face landmark model " + model_file + " not found");
    try {
        net_ = cv::dnn::readNetFromONNX(model_file);
    } catch (const cv::Exception& e) {
        throw std::runtime_error("cannot load face landmark model " + model_file + ": " + e.what());
    }
    net_.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net_.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    outputs_ = net_.getUnconnectedOutLayersNames();
    if (outputs_.size() != 2)
        throw std::runtime_error("face landmark model " + model_file + " has " + std::to_string(outputs_.size()) +
                                 " outputs, expected 2 (landmarks and presence)");
}

Landmarks FaceLandmarker::run(const cv::Mat& image, const FaceRegion& region) {
    if (image.empty() || (image.type() != CV_8UC1 && image.type() != CV_8UC3))
        throw std::invalid_argument("FaceLandmarker needs a CV_8UC1 or CV_8UC3 image");
    if (!(region.side > 1.0f)) throw std::invalid_argument("FaceLandmarker: empty face region");
    const cv::Matx23d to_image = crop_to_image(region);
    cv::Matx23d to_crop;
    cv::invertAffineTransform(to_image, to_crop);
    cv::warpAffine(image, crop_, to_crop, cv::Size(kInputSize, kInputSize), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::cvtColor(crop_, rgb_, image.channels() == 1 ? cv::COLOR_GRAY2RGB : cv::COLOR_BGR2RGB);
    // NCHW {1, 3, 192, 192}, RGB in [0, 1].
    const int shape[] = {1, 3, kInputSize, kInputSize};
    blob_.create(4, shape, CV_32F);
    std::vector<cv::Mat> planes;
    for (int c = 0; c < 3; ++c)
        planes.emplace_back(kInputSize, kInputSize, CV_32F, blob_.ptr<float>(0, c));
    cv::Mat scaled;
    rgb_.convertTo(scaled, CV_32FC3, 1.0 / 255.0);
    cv::split(scaled, planes);
    net_.setInput(blob_);
    std::vector<cv::Mat> out;
    net_.forward(out, outputs_);
    const cv::Mat* points = &out[0];
    const cv::Mat* presence = &out[1];
    if (points->total() == 1) std::swap(points, presence);
    if (points->total() != landmark::kCount * 3 || presence->total() != 1)
        throw std::runtime_error("face landmark model outputs have unexpected sizes");

    Landmarks lm;
    lm.points.reserve(landmark::kCount);
    lm.depth.reserve(landmark::kCount);
    const float* p = points->ptr<float>();
    const float k = region.side / kInputSize;
    for (int i = 0; i < landmark::kCount; ++i, p += 3) {
        const cv::Point2f q(p[0], p[1]);
        lm.points.emplace_back(static_cast<float>(to_image(0, 0) * q.x + to_image(0, 1) * q.y + to_image(0, 2)),
                               static_cast<float>(to_image(1, 0) * q.x + to_image(1, 1) * q.y + to_image(1, 2)));
        lm.depth.push_back(p[2] * k);
    }
    lm.presence = 1.0f / (1.0f + std::exp(-presence->ptr<float>()[0]));
    return lm;
}

FaceRegion FaceLandmarker::region_from_box(const cv::Rect2f& box, float eye_angle_deg) {
    return {cv::Point2f(box.x + box.width / 2, box.y + box.height / 2), kRegionScale * std::max(box.width, box.height),
            eye_angle_deg};
}

FaceRegion FaceLandmarker::region_from_landmarks(const std::vector<cv::Point2f>& points) {
    if (points.size() != landmark::kCount) throw std::invalid_argument("region_from_landmarks needs 468 points");
    const cv::Point2f re = points[landmark::right_eye_outer], le = points[landmark::left_eye_outer];
    const float angle = static_cast<float>(std::atan2(le.y - re.y, le.x - re.x) / kRad);
    // The extent along and across the eye line, so a tilted face keeps its size.
    const float c = std::cos(angle * static_cast<float>(kRad)), s = std::sin(angle * static_cast<float>(kRad));
    float u0 = 1e9f, u1 = -1e9f, v0 = 1e9f, v1 = -1e9f;
    for (const auto& q : points) {
        const float u = q.x * c + q.y * s, v = -q.x * s + q.y * c;
        u0 = std::min(u0, u), u1 = std::max(u1, u), v0 = std::min(v0, v), v1 = std::max(v1, v);
    }
    const float um = (u0 + u1) / 2, vm = (v0 + v1) / 2;
    return {cv::Point2f(um * c - vm * s, um * s + vm * c), kRegionScale * std::max(u1 - u0, v1 - v0), angle};
}

}  // namespace pg
