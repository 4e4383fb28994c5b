#include "vision/mesh/mesh_analyzer.hpp"

#include "vision/face_choice.hpp"

#include <algorithm>

namespace pg {
namespace {

// Following the last landmarks without the detector is for a second or two: a
// face the detector has not confirmed for longer may be a poster or a chair.
constexpr int kFollowMisses = 3;
constexpr double kBoxRatioSmoothing = 0.2;

}  // namespace

MeshAnalyzer::MeshAnalyzer(Options options)
    : options_(std::move(options)), detector_(options_.detector), landmarker_(options_.landmark_model),
      solver_(load_canonical_mesh(options_.canonical_mesh), options_.horizontal_fov_deg) {}

void MeshAnalyzer::set_reference(const std::optional<cv::Rect2f>& face) {
    if (!face) {
        detector_.set_reference(std::nullopt);
        return;
    }
    // Same centre, the detector's own box size.
    const cv::Point2f c = centre(*face);
    const float w = static_cast<float>(face->width * box_ratio_), h = static_cast<float>(face->height * box_ratio_);
    detector_.set_reference(cv::Rect2f(c.x - w / 2, c.y - h / 2, w, h));
}

void MeshAnalyzer::reset() {
    detector_.reset();
    last_region_.reset();
    misses_ = 0;
}

std::optional<Observation> MeshAnalyzer::read_face(const cv::Mat& grey, const FaceRegion& region, Observation obs) {
    Landmarks lm = landmarker_.run(grey, region);
    if (lm.presence < options_.min_presence) return std::nullopt;
    const auto pose = solver_.solve(lm.points, grey.size());
    if (!pose) return std::nullopt;
    obs.found = true;
    obs.face = pose->frontal_box;
    obs.confidence = lm.presence;
    HeadPose h;
    h.pitch_deg = pose->pitch_deg;
    h.yaw_deg = pose->yaw_deg;
    h.roll_deg = pose->roll_deg;
    obs.head = h;
    last_region_ = FaceLandmarker::region_from_landmarks(lm.points);
    obs.landmarks = std::move(lm.points);
    return obs;
}

Observation MeshAnalyzer::analyze(const cv::Mat& grey) {
    Observation det = detector_.analyze(grey);
    last_search_ = Search::none;
    if (det.found) {
        const float eye_angle = det.head ? static_cast<float>(det.head->roll_deg) : 0.0f;
        // The network's box: the eye-sized face shrinks as the head turns and
        // would cut the landmark model's view of a face turned to a second monitor.
        const cv::Rect2f box = detector_.last_box().value_or(det.face);
        if (auto obs = read_face(grey, FaceLandmarker::region_from_box(box, eye_angle), det)) {
            box_ratio_ += kBoxRatioSmoothing * (box.width / std::max(1.0f, obs->face.width) - box_ratio_);
            misses_ = 0;
            last_search_ = Search::detector;
            return *obs;
        }
        // The detector's face has no face in it by the landmarks' account.
        det.found = false;
        det.head.reset();
    }
    if (last_region_ && ++misses_ <= kFollowMisses) {
        if (auto obs = read_face(grey, *last_region_, det)) {
            last_search_ = Search::follow;
            return *obs;
        }
    }
    last_region_.reset();
    det.found = false;
    return det;
}

}  // namespace pg
