#include "source/sim/scene.hpp"

#include "source/sim/room.hpp"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace pg::sim {
namespace {

constexpr double kSensorNoise = 2.0;  // grey levels, per frame

// Someone behind the user is further from the camera: half the size, higher up.
constexpr double kPasserScale = 0.5;
constexpr double kPasserCentreY = 0.30;

cv::Point pt(double x, double y) { return {cvRound(x), cvRound(y)}; }

// Draws a flat picture (CV_32FC2: grey, coverage) into the float frame through
// the affine map `m` (picture pixels -> frame pixels), touching only the
// rectangle it covers. For what stays parallel to the image plane (the body's
// cut-out, a passer-by far behind), this is the pinhole projection exactly.
void blend(cv::Mat& frame, const cv::Mat& picture, const cv::Matx23d& m) {
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    for (const cv::Vec3d& c : {cv::Vec3d(0, 0, 1), cv::Vec3d(picture.cols, 0, 1), cv::Vec3d(0, picture.rows, 1),
                              cv::Vec3d(picture.cols, picture.rows, 1)}) {
        const cv::Vec2d q = m * c;
        x0 = std::min(x0, static_cast<float>(q[0])), x1 = std::max(x1, static_cast<float>(q[0]));
        y0 = std::min(y0, static_cast<float>(q[1])), y1 = std::max(y1, static_cast<float>(q[1]));
    }
    const cv::Rect roi = cv::Rect(cv::Point(cvFloor(x0), cvFloor(y0)), cv::Point(cvCeil(x1) + 1, cvCeil(y1) + 1)) &
                         cv::Rect(0, 0, frame.cols, frame.rows);
    if (roi.empty()) return;
    cv::Matx23d local = m;
    local(0, 2) -= roi.x;
    local(1, 2) -= roi.y;
    cv::Mat warped;
    cv::warpAffine(picture, warped, local, roi.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0, 0));
    for (int y = 0; y < roi.height; ++y) {
        const cv::Vec2f* src = warped.ptr<cv::Vec2f>(y);
        float* dst = frame.ptr<float>(roi.y + y) + roi.x;
        for (int x = 0; x < roi.width; ++x) dst[x] += src[x][1] * (src[x][0] - dst[x]);
    }
}

// Independent sensor noise for every frame costs more than drawing the head;
// a few fields drawn once, picked and shifted by the frame's time, look the
// same to any analysis and keep rendering a pure function of (pose, t).
constexpr int kNoiseFields = 4;
constexpr int kNoiseMargin = 32;

std::vector<cv::Mat> noise_fields(cv::Size size, std::uint64_t seed) {
    std::vector<cv::Mat> fields;
    cv::RNG rng(seed * 0x9E3779B97F4A7C15ull + 0x5eed);
    for (int i = 0; i < kNoiseFields; ++i) {
        cv::Mat f(size.height + kNoiseMargin, size.width + kNoiseMargin, CV_32FC1);
        rng.fill(f, cv::RNG::NORMAL, 0.0, 1.0);
        fields.push_back(f);
    }
    return fields;
}

double neutral_pixels_per_cm(cv::Size frame, const CanonicalMesh& mesh) {
    return HeadRig::neutral_face_width_px(frame) / frontal_face_width_cm(mesh);
}

}  // namespace

Scene::Scene(const FacePhoto& photo, const CanonicalMesh& mesh, cv::Size frame_size, std::uint64_t seed,
             double fov_deg)
    : file_name_(photo.file_name), size_(frame_size), seed_(seed), background_(render_room(frame_size, seed)),
      noise_(noise_fields(frame_size, seed)),
      person_(build_person(photo, mesh, neutral_pixels_per_cm(frame_size, mesh))),
      rig_(person_, frame_size, fov_deg) {}

void Scene::draw_person(cv::Mat& frame, const Placement& placement, double jaw_deg) const {
    // The body's card faces the camera: its texture's corners map to where its
    // own corners project (top-left, top-right, bottom-left).
    const TexturedMesh& card = person_.body;
    const cv::Rect covered(cv::Point(card.texture[0]), cv::Point(card.texture[2]));
    const cv::Point2f tl(covered.tl());
    const cv::Point2f from[3] = {card.texture[0] - tl, card.texture[1] - tl, card.texture[3] - tl};
    cv::Point2f to[3];
    int k = 0;
    for (std::size_t i : {0u, 1u, 3u}) to[k++] = rig_.camera().project(placement.body.apply(card.vertices[i]));
    blend(frame, person_.body_texture(covered), cv::getAffineTransform(from, to));
    // The shell is behind the face everywhere the face is, so it goes first.
    draw_mesh(frame, person_.shell, person_.shell_texture, placement.head, rig_.camera(), Cover::soft_edge);
    if (jaw_deg > 0.0) {
        TexturedMesh talking = person_.face;
        talking.vertices = person_.jaw.opened(person_.face.vertices, jaw_deg);
        draw_mesh(frame, talking, person_.head_texture, placement.head, rig_.camera(), Cover::opaque);
    } else {
        draw_mesh(frame, person_.face, person_.head_texture, placement.head, rig_.camera(), Cover::opaque);
    }
}

Scene::Drawn Scene::render(const Pose& pose, std::int64_t t_ms) const {
    Drawn d;
    cv::Mat frame;
    background_.convertTo(frame, CV_32FC1);
    if (pose.passer > -0.5) draw_passer(frame, pose.passer);
    if (pose.present) {
        const Placement placed = rig_.place(pose);
        draw_person(frame, placed, pose.jaw);
        if (pose.hand > 0.0) draw_hand(frame, placed.face_box, pose.hand);
        d.face = placed.face_box;
        d.width_ratio = placed.width_ratio;
        d.drop = placed.drop;
    }
    if (pose.light != 1.0) frame *= std::max(0.0, pose.light);
    std::uint64_t pick = (seed_ ^ static_cast<std::uint64_t>(t_ms)) * 0x9E3779B97F4A7C15ull;
    pick ^= pick >> 29;
    const cv::Mat& field = noise_[pick % kNoiseFields];
    const cv::Mat shifted = field(cv::Rect(static_cast<int>((pick >> 8) % kNoiseMargin),
                                           static_cast<int>((pick >> 16) % kNoiseMargin), size_.width, size_.height));
    cv::scaleAdd(shifted, kSensorNoise + std::max(0.0, pose.noise), frame, frame);
    frame.convertTo(d.grey, CV_8UC1);
    return d;
}

void Scene::draw_passer(cv::Mat& frame, double x_widths) const {
    const FlatSprite& s = person_.passer;
    const double k = kPasserScale * HeadRig::neutral_face_width_px(size_) / s.face.width;
    const double cx = x_widths * size_.width, cy = kPasserCentreY * size_.height;
    blend(frame, s.picture,
          cv::Matx23d(k, 0, cx - k * (s.face.x + s.face.width / 2.0), 0, k, cy - k * (s.face.y + s.face.height / 2.0)));
}

// A hand rising to the chin with its forearm below: a flat skin-grey shape
// covering up to the lower third of the face, as when resting the chin on a hand.
void Scene::draw_hand(cv::Mat& frame, const cv::Rect2f& face, double amount) const {
    const double a = std::clamp(amount, 0.0, 1.0);
    const double w = face.width, h = face.height;
    const cv::Point2d c(face.x + 0.58 * w, face.y + h * (1.05 + 0.6 * (1.0 - a)));
    const double tone = std::clamp(person_.skin * 0.9, 40.0, 220.0);
    cv::ellipse(frame, pt(c.x, c.y), cv::Size(cvRound(0.30 * w), cvRound(0.24 * h)), -20, 0, 360, cv::Scalar(tone),
                cv::FILLED, cv::LINE_AA);
    cv::line(frame, pt(c.x, c.y), pt(c.x + 0.5 * w, c.y + 2.5 * h), cv::Scalar(tone * 0.95),
             std::max(2, cvRound(0.35 * w)), cv::LINE_AA);
}

}  // namespace pg::sim
