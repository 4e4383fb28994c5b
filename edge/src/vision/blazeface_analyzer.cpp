#include "vision/blazeface_analyzer.hpp"

#include "vision/face_choice.hpp"
#include "vision/face_geometry.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>

namespace pg {
namespace {

using blazeface::Detection;
using blazeface::kAnchorCount;
using blazeface::kInputSize;
using blazeface::kRegressors;

// The tracking window is this many face widths square: the face fills ~40 % of
// the input, the size BlazeFace front was trained for, with room for a tick's move.
constexpr float kWindowFaces = 2.5f;
// The face BlazeFace boxes is ~2.3 eye distances wide (2.31 on the rendered
// head, 2.29 on desk-clip-1). Its box grows ~10 % when the head bows to papers
// (more of the crown in view) while the eyes come only ~4 % closer, which read
// as forward head; the eye distance, which neither a bow nor talking changes,
// sizes the face instead.
constexpr float kFaceWidthInEyeDistances = 2.3f;


}  // namespace

BlazeFaceAnalyzer::BlazeFaceAnalyzer(Options options)
    : options_(std::move(options)), anchors_(blazeface::generate_anchors()), logits_(kAnchorCount),
      regressors_(static_cast<std::size_t>(kAnchorCount) * kRegressors) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(options_.model_file, ec))
        throw std::runtime_error("BlazeFace model " + options_.model_file +
                                 " not found (run scripts/fetch-models.sh)");
    try {
        net_ = cv::dnn::readNetFromONNX(options_.model_file);
    } catch (const cv::Exception& e) {
        throw std::runtime_error("cannot load BlazeFace model " + options_.model_file + ": " + e.what());
    }
    net_.enableFusion(options_.fusion);
    net_.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net_.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    outputs_ = net_.getUnconnectedOutLayersNames();
    if (outputs_.size() != 4)
        throw std::runtime_error("BlazeFace model " + options_.model_file + " has " + std::to_string(outputs_.size()) +
                                 " outputs, expected 4 (is it face_detection_front_128x128?)");
    if (options_.analysis_width < 64) throw std::invalid_argument("analysis width must be at least 64 pixels");
}

void BlazeFaceAnalyzer::reset() {
    last_.reset();
    misses_ = 0;
}

std::vector<Detection> BlazeFaceAnalyzer::detect(const cv::Mat& image, cv::Rect2f square) {
    // The crop may reach past the frame edge: the border is replicated grey, so
    // the network sees no artificial black edge next to a face near the border.
    const double k = kInputSize / static_cast<double>(square.width);
    cv::Matx23d m(k, 0, -square.x * k, 0, k, -square.y * k);
    cv::warpAffine(image, input_, m, cv::Size(kInputSize, kInputSize), cv::INTER_AREA, cv::BORDER_REPLICATE);
    cv::cvtColor(input_, rgb_, cv::COLOR_GRAY2RGB);
    // NHWC {1,128,128,3}, RGB in [-1, 1]: the Barracuda export's layout.
    const int shape[] = {1, kInputSize, kInputSize, 3};
    blob_.create(4, shape, CV_32F);
    cv::Mat view(kInputSize, kInputSize, CV_32FC3, blob_.ptr<float>());
    rgb_.convertTo(view, CV_32FC3, 2.0 / 255.0, -1.0);
    net_.setInput(blob_);
    std::vector<cv::Mat> out;
    net_.forward(out, outputs_);
    // Scores and boxes come per feature map (512 = 16x16x2, 384 = 8x8x6), in
    // the same order as the anchors.
    std::size_t n0 = out[0].total();
    if (n0 + out[1].total() != static_cast<std::size_t>(kAnchorCount) ||
        out[2].total() + out[3].total() != regressors_.size())
        throw std::runtime_error("BlazeFace outputs have unexpected sizes");
    std::memcpy(logits_.data(), out[0].ptr<float>(), n0 * sizeof(float));
    std::memcpy(logits_.data() + n0, out[1].ptr<float>(), out[1].total() * sizeof(float));
    std::memcpy(regressors_.data(), out[2].ptr<float>(), out[2].total() * sizeof(float));
    std::memcpy(regressors_.data() + out[2].total(), out[3].ptr<float>(), out[3].total() * sizeof(float));

    auto found = blazeface::weighted_nms(
        blazeface::decode(logits_.data(), regressors_.data(), anchors_, options_.min_score), options_.nms_iou);
    const float side = square.width;
    for (Detection& d : found) {
        d.box = cv::Rect2f(square.x + d.box.x * side, square.y + d.box.y * side, d.box.width * side,
                           d.box.height * side);
        for (auto& p : d.keypoints) p = cv::Point2f(square.x + p.x * side, square.y + p.y * side);
    }
    return found;
}

std::optional<Detection> BlazeFaceAnalyzer::choose(const std::vector<Detection>& found, double k) const {
    const std::optional<cv::Rect2f>& anchor = last_ ? last_ : reference_;
    return choose_face(
        found, anchor ? std::optional(scaled(*anchor, k)) : std::nullopt,
        anchor ? kMinWidthOfExpected * anchor->width * k : 0.0, [](const Detection& d) { return d.box; },
        [](const Detection& d) { return d.score; });
}

Observation BlazeFaceAnalyzer::analyze(const cv::Mat& grey) {
    const AnalysisImage prepared = prepare_analysis_image(grey, options_.analysis_width, small_, "BlazeFaceAnalyzer");
    const double k = prepared.scale;
    const cv::Mat* image = &prepared.image;
    Observation obs;
    obs.brightness = cv::mean(*image)[0];
    last_search_ = Search::none;

    std::vector<Detection> found;
    std::optional<Detection> best;
    if (options_.tracking && last_) {
        const cv::Rect2f f = scaled(*last_, k);
        const float side = kWindowFaces * std::max(f.width, f.height);
        const cv::Point2f c = centre(f);
        found = detect(*image, cv::Rect2f(c.x - side / 2, c.y - side / 2, side, side));
        best = choose(found, k);
        if (best) last_search_ = Search::window;
    }
    if (!best) {
        // Letterbox: the longer side fits the input, centred, so faces keep their shape.
        const float side = static_cast<float>(std::max(image->cols, image->rows));
        found = detect(*image, cv::Rect2f((image->cols - side) / 2, (image->rows - side) / 2, side, side));
        best = choose(found, k);
        if (best) last_search_ = Search::full;
    }
    obs.faces = static_cast<int>(found.size());
    if (!best) {
        if (++misses_ >= kForgetAfterMisses) last_.reset();
        return obs;
    }
    const double inv = 1.0 / k;
    auto full = [&](cv::Point2f p) { return cv::Point2f(static_cast<float>(p.x * inv), static_cast<float>(p.y * inv)); };
    using K = blazeface::Keypoint;
    const auto& kp = best->keypoints;
    const cv::Point2f re = full(kp[K::right_eye]), le = full(kp[K::left_eye]);
    const cv::Point2f rr = full(kp[K::right_ear]), lr = full(kp[K::left_ear]), nose = full(kp[K::nose]);
    obs.found = true;
    const cv::Rect2f box = scaled(best->box, inv);
    const cv::Point2f eyes = le - re;
    const float side = kFaceWidthInEyeDistances * std::hypot(eyes.x, eyes.y);
    const cv::Point2f c = centre(box);
    obs.face = cv::Rect2f(c.x - side / 2, c.y - side / 2, side, side);
    obs.confidence = best->score;
    obs.head = head_pose_from_points(re, le, nose, full(kp[K::mouth]), &rr, &lr);
    obs.head->pitch_deg = nose_pitch_deg(re, le, nose, box.height);
    last_ = box;  // the search follows what the network saw
    misses_ = 0;
    return obs;
}

namespace {

// A face-like picture with structure at every scale, so a miscomputed layer
// shows in the raw outputs (a blank frame would score near nothing either way).
cv::Mat probe_picture() {
    cv::Mat img(blazeface::kInputSize, blazeface::kInputSize, CV_8UC1);
    for (int y = 0; y < img.rows; ++y)
        for (int x = 0; x < img.cols; ++x) img.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>(60 + (x + 2 * y) / 3);
    cv::ellipse(img, {64, 64}, {34, 44}, 0, 0, 360, cv::Scalar(185), cv::FILLED);
    cv::circle(img, {50, 54}, 6, cv::Scalar(30), cv::FILLED);
    cv::circle(img, {78, 54}, 6, cv::Scalar(30), cv::FILLED);
    cv::ellipse(img, {64, 88}, {14, 5}, 0, 0, 360, cv::Scalar(70), cv::FILLED);
    return img;
}

std::vector<float> raw_outputs(const std::string& model_file, bool fusion, const cv::Mat& picture) {
    BlazeFaceAnalyzer::Options o;
    o.model_file = model_file;
    o.fusion = fusion;
    BlazeFaceAnalyzer a(o);
    a.detect(picture, cv::Rect2f(0, 0, static_cast<float>(picture.cols), static_cast<float>(picture.rows)));
    std::vector<float> out = a.last_logits();
    out.insert(out.end(), a.last_regressors().begin(), a.last_regressors().end());
    return out;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

const BlazeFaceRuntime& blazeface_runtime(const std::string& model_file) {
    static std::mutex mutex;
    static std::map<std::string, BlazeFaceRuntime> checked;
    std::lock_guard lock(mutex);
    if (auto it = checked.find(model_file); it != checked.end()) return it->second;
    BlazeFaceRuntime r;
    const cv::Mat picture = probe_picture();
    std::vector<float> plain;
    try {
        plain = raw_outputs(model_file, false, picture);
        r.runs = true;
    } catch (const cv::Exception& e) {
        r.problem = trimmed(e.what());
    }
    if (r.runs) {
        try {
            const std::vector<float> fused = raw_outputs(model_file, true, picture);
            r.fusion = fused.size() == plain.size() &&
                       std::equal(fused.begin(), fused.end(), plain.begin(),
                                  [](float a, float b) { return std::abs(a - b) <= 1e-3f * (1.0f + std::abs(b)); });
        } catch (const cv::Exception&) {
            r.fusion = false;
        }
    }
    return checked.emplace(model_file, std::move(r)).first->second;
}

}  // namespace pg
