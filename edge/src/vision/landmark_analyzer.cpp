#include "vision/landmark_analyzer.hpp"

#include "vision/face_choice.hpp"
#include "vision/face_geometry.hpp"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include <array>
#include <cmath>
#include <filesystem>
#include <stdexcept>

namespace pg {
namespace {

// dlib's HOG detector finds faces from ~80 px: crops are scaled so the face is
// about this wide, which keeps detection reliable and the crop small.
constexpr double kDetectFaceWidth = 100.0;
constexpr float kWindowFaces = 2.5f;

// A generic face in millimetres (nose tip origin, y up, z towards the camera):
// nose tip, chin, eye outer corners, mouth corners — the usual solvePnP set.
const std::array<cv::Point3d, 6> kModel{{{0.0, 0.0, 0.0}, {0.0, -63.6, -12.5}, {-43.3, 32.7, -26.0},
                                         {43.3, 32.7, -26.0}, {-28.9, -28.9, -24.1}, {28.9, -28.9, -24.1}}};
constexpr std::array<int, 6> kModelPoints{30, 8, 36, 45, 48, 54};

}  // namespace

struct LandmarkAnalyzer::Impl {
    Options options;
    dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
    dlib::shape_predictor predictor;
    std::optional<cv::Rect2f> last, reference;  // full-frame pixels
    int misses = 0;
    cv::Mat crop;

    // Faces in `area` of `grey` (full-frame pixels), scaled by `k` for the detector.
    std::vector<cv::Rect2f> detect(const cv::Mat& grey, cv::Rect area, double k) {
        area &= cv::Rect(0, 0, grey.cols, grey.rows);
        if (area.width < 16 || area.height < 16) return {};
        cv::resize(grey(area), crop, cv::Size(), k, k, k < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
        dlib::cv_image<unsigned char> img(crop);
        std::vector<cv::Rect2f> out;
        for (const auto& r : detector(img)) {
            const double inv = 1.0 / k;
            out.emplace_back(static_cast<float>(area.x + r.left() * inv), static_cast<float>(area.y + r.top() * inv),
                             static_cast<float>(r.width() * inv), static_cast<float>(r.height() * inv));
        }
        return out;
    }

    std::optional<cv::Rect2f> choose(const std::vector<cv::Rect2f>& found) const {
        const auto& anchor = last ? last : reference;
        const auto as_box = [](const cv::Rect2f& f) { return f; };
        return choose_face(found, anchor, anchor ? kMinWidthOfExpected * anchor->width : 0.0, as_box,
                           [](const cv::Rect2f& f) { return f.width; });
    }
};

LandmarkAnalyzer::LandmarkAnalyzer(Options options) : impl_(std::make_unique<Impl>()) {
    impl_->options = std::move(options);
    const std::string& file = impl_->options.predictor_file;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw std::runtime_error("dlib landmark model " + file + " not found (install the Debian package libdlib-data)");
    try {
        dlib::deserialize(file) >> impl_->predictor;
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot load dlib landmark model " + file + ": " + e.what());
    }
}

LandmarkAnalyzer::~LandmarkAnalyzer() = default;
void LandmarkAnalyzer::set_reference(const std::optional<cv::Rect2f>& face) { impl_->reference = face; }
void LandmarkAnalyzer::reset() {
    impl_->last.reset();
    impl_->misses = 0;
}

Observation LandmarkAnalyzer::analyze(const cv::Mat& grey) {
    if (grey.empty() || grey.type() != CV_8UC1) throw std::invalid_argument("LandmarkAnalyzer needs a CV_8UC1 frame");
    Impl& d = *impl_;
    Observation obs;
    obs.brightness = cv::mean(grey)[0];
    std::vector<cv::Rect2f> found;
    std::optional<cv::Rect2f> face;
    if (d.options.tracking && d.last) {
        const float side = kWindowFaces * d.last->width;
        const cv::Point2f c = centre(*d.last);
        found = d.detect(grey, cv::Rect(cv::Rect2f(c.x - side / 2, c.y - side / 2, side, side)),
                         kDetectFaceWidth / d.last->width);
        face = d.choose(found);
    }
    if (!face) {
        // The whole frame at twice the analysis width: desk faces are ~65 px
        // there, below HOG's 80 px window.
        const double k = 2.0 * std::min(1.0, static_cast<double>(d.options.analysis_width) / grey.cols);
        found = d.detect(grey, cv::Rect(0, 0, grey.cols, grey.rows), k);
        face = d.choose(found);
    }
    obs.faces = static_cast<int>(found.size());
    if (!face) {
        if (++d.misses >= kForgetAfterMisses) d.last.reset();
        return obs;
    }
    dlib::cv_image<unsigned char> img(grey);
    const dlib::rectangle rect(static_cast<long>(face->x), static_cast<long>(face->y),
                               static_cast<long>(face->x + face->width), static_cast<long>(face->y + face->height));
    const dlib::full_object_detection shape = d.predictor(img, rect);
    auto pt = [&](int i) {
        const auto p = shape.part(static_cast<unsigned long>(i));
        return cv::Point2f(static_cast<float>(p.x()), static_cast<float>(p.y()));
    };
    auto mean_of = [&](int from, int to) {
        cv::Point2f s(0, 0);
        for (int i = from; i <= to; ++i) s += pt(i);
        return s * (1.0f / static_cast<float>(to - from + 1));
    };
    // The person's right eye (36-41) is on the image's left.
    HeadPose head = head_pose_from_points(mean_of(36, 41), mean_of(42, 47), pt(30), (pt(48) + pt(54)) * 0.5f);
    std::vector<cv::Point2d> image_points;
    for (int i : kModelPoints) image_points.emplace_back(pt(i));
    const double f = grey.cols;  // a ~60 degree lens: focal length ~ image width
    const cv::Matx33d camera(f, 0, grey.cols / 2.0, 0, f, grey.rows / 2.0, 0, 0, 1);
    cv::Vec3d rvec, tvec;
    if (cv::solvePnP(std::vector<cv::Point3d>(kModel.begin(), kModel.end()), image_points, camera, cv::noArray(),
                     rvec, tvec, false, cv::SOLVEPNP_ITERATIVE)) {
        cv::Matx33d R;
        cv::Rodrigues(rvec, R);
        // Model y is up and image y down, so a nod down is a negative rotation
        // about x; flip the sign so + = looking down, as Sample.pitch_deg says.
        const double pitch = std::atan2(R(2, 1), R(2, 2)) * 180.0 / CV_PI;
        head.pitch_deg = -(pitch > 0 ? 180.0 - pitch : -180.0 - pitch);
        head.yaw_deg = std::asin(std::clamp(-R(2, 0), -1.0, 1.0)) * 180.0 / CV_PI;
    }
    obs.found = true;
    obs.face = *face;
    obs.confidence = 1.0;
    obs.head = head;
    d.last = face;
    d.misses = 0;
    return obs;
}

}  // namespace pg
