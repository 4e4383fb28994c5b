#include "source/sim/scene.hpp"

#include "source/sim/random.hpp"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace pg::sim {
namespace {

// A desk camera sees the user's head and shoulders: the face is about a quarter
// of the frame height wide and sits a little above the middle.
constexpr double kFaceWidthPerHeight = 0.27;
constexpr double kCentreY = 0.40;
constexpr double kSensorNoise = 2.0;  // grey levels, per frame

cv::Point pt(double x, double y) { return {cvRound(x), cvRound(y)}; }

// Someone behind the user is further from the camera: half the size, higher up.
constexpr double kPasserScale = 0.5;
constexpr double kPasserCentreY = 0.30;

// Draws `grey` through `alpha` into the float frame with the affine map m
// (sprite pixels -> frame pixels), touching only the rectangle it covers.
void blend(cv::Mat& frame, const cv::Mat& grey, const cv::Mat& alpha, double kx, double ky, double x0, double y0) {
    cv::Rect covered(cvFloor(x0), cvFloor(y0), cvCeil(kx * grey.cols) + 2, cvCeil(ky * grey.rows) + 2);
    cv::Rect roi = covered & cv::Rect(0, 0, frame.cols, frame.rows);
    if (roi.empty()) return;
    cv::Matx23d m(kx, 0, x0 - roi.x, 0, ky, y0 - roi.y);
    cv::Mat person, a;
    cv::warpAffine(grey, person, m, roi.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::warpAffine(alpha, a, m, roi.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    person.convertTo(person, CV_32FC1);
    cv::Mat dst = frame(roi);
    // dst = dst * (1 - alpha) + person * alpha
    cv::Mat blended = dst + a.mul(person - dst);
    blended.copyTo(dst);
}

FaceSprite mirrored(const FaceSprite& s) {
    FaceSprite m = s;
    cv::flip(s.grey, m.grey, 1);
    cv::flip(s.alpha, m.alpha, 1);
    m.face.x = static_cast<float>(s.grey.cols) - s.face.x - s.face.width;
    return m;
}

}  // namespace

// Big, smooth shapes only: fine random texture makes cascades see faces that
// are not there, which no real room does at this rate.
cv::Mat render_room(cv::Size size, std::uint64_t seed) {
    Random r = Random::stream(seed, 0xb9);
    const double W = size.width, H = size.height;
    cv::Mat room(size, CV_32FC1);
    const double top = r.uniform(125, 150), bottom = r.uniform(80, 100), side = r.uniform(-18, 18);
    for (int y = 0; y < size.height; ++y) {
        float* row = room.ptr<float>(y);
        for (int x = 0; x < size.width; ++x)
            row[x] = static_cast<float>(top + (bottom - top) * y / H + side * (x / W - 0.5));
    }
    const bool window_left = r.chance(0.5);
    const double wx = window_left ? r.uniform(0.02, 0.12) * W : r.uniform(0.70, 0.80) * W;
    cv::Rect window(pt(wx, r.uniform(0.05, 0.12) * H), cv::Size(cvRound(0.18 * W), cvRound(0.30 * H)));
    cv::rectangle(room, window, cv::Scalar(r.uniform(185, 215)), cv::FILLED);
    cv::line(room, pt(window.x + window.width / 2.0, window.y), pt(window.x + window.width / 2.0, window.br().y),
             cv::Scalar(top - 20), std::max(2, size.width / 120));
    // A shelf on the other side with a few book spines.
    const double sx = window_left ? r.uniform(0.74, 0.82) * W : r.uniform(0.03, 0.10) * W;
    const double sy = r.uniform(0.35, 0.45) * H;
    cv::rectangle(room, cv::Rect(pt(sx, sy), cv::Size(cvRound(0.16 * W), cvRound(0.04 * H))), cv::Scalar(60),
                  cv::FILLED);
    for (double bx = sx; bx < sx + 0.15 * W; bx += r.uniform(0.015, 0.03) * W) {
        double bh = r.uniform(0.08, 0.14) * H;
        cv::rectangle(room, cv::Rect(pt(bx, sy - bh), cv::Size(std::max(2, cvRound(0.012 * W)), cvRound(bh))),
                      cv::Scalar(r.uniform(50, 170)), cv::FILLED);
    }
    cv::circle(room, pt(r.uniform(0.3, 0.7) * W, -0.05 * H), cvRound(0.12 * H), cv::Scalar(225), cv::FILLED);
    cv::rectangle(room, cv::Rect(0, cvRound(0.9 * H), size.width, size.height), cv::Scalar(r.uniform(45, 70)),
                  cv::FILLED);  // the desk edge

    const double soften = std::max(1.0, W / 320.0);
    cv::GaussianBlur(room, room, cv::Size(), soften, soften);
    cv::Mat grain(size, CV_32FC1);
    cv::RNG rng(seed * 2654435761u + 17);
    rng.fill(grain, cv::RNG::NORMAL, 0.0, 3.0);
    room += grain;
    cv::Mat out;
    room.convertTo(out, CV_8UC1);
    return out;
}

Scene::Scene(FaceSprite sprite, cv::Size frame_size, std::uint64_t seed)
    : sprite_(std::move(sprite)), passer_(mirrored(sprite_)),
      skin_(cv::mean(sprite_.grey(cv::Rect(sprite_.face) & cv::Rect(0, 0, sprite_.grey.cols, sprite_.grey.rows)))[0]),
      size_(frame_size), seed_(seed), background_(render_room(frame_size, seed)),
      neutral_width_(kFaceWidthPerHeight * frame_size.height),
      neutral_centre_(0.5 * frame_size.width, kCentreY * frame_size.height) {}

cv::Rect2f Scene::neutral_face() const {
    const double h = neutral_width_ * sprite_.face.height / sprite_.face.width;
    return cv::Rect2f(static_cast<float>(neutral_centre_.x - neutral_width_ / 2),
                      static_cast<float>(neutral_centre_.y - h / 2), static_cast<float>(neutral_width_),
                      static_cast<float>(h));
}

Scene::Drawn Scene::render(const Pose& pose, std::int64_t t_ms) const {
    Drawn d;
    cv::Mat frame;
    background_.convertTo(frame, CV_32FC1);
    if (pose.passer > -0.5) draw_passer(frame, pose.passer);
    if (pose.present) {
        cv::Rect2f face;
        composite(frame, pose, face);
        if (pose.hand > 0.0) draw_hand(frame, face, pose.hand);
        d.face = face;
    }
    if (pose.light != 1.0) frame *= std::max(0.0, pose.light);
    cv::Mat noise(size_, CV_32FC1);
    cv::RNG rng(seed_ ^ (static_cast<std::uint64_t>(t_ms) * 0x9E3779B97F4A7C15ull));
    rng.fill(noise, cv::RNG::NORMAL, 0.0, kSensorNoise + std::max(0.0, pose.noise));
    frame += noise;
    frame.convertTo(d.grey, CV_8UC1);
    return d;
}

// Places the sprite so its face box has the pose's size and position; yaw and
// pitch foreshorten it horizontally and vertically.
void Scene::composite(cv::Mat& frame, const Pose& pose, cv::Rect2f& face_out) const {
    const cv::Rect2f& f = sprite_.face;
    const double k = neutral_width_ * pose.scale / f.width;
    const double kx = k * std::cos(pose.yaw * CV_PI / 180.0), ky = k * std::cos(pose.pitch * CV_PI / 180.0);
    const double neutral_h = neutral_width_ * f.height / f.width;
    const cv::Point2d target(neutral_centre_.x + pose.shift * neutral_width_,
                             neutral_centre_.y + pose.drop * neutral_h);
    const cv::Point2d src_centre(f.x + f.width / 2.0, f.y + f.height / 2.0);
    face_out = cv::Rect2f(static_cast<float>(target.x - kx * f.width / 2),
                          static_cast<float>(target.y - ky * f.height / 2), static_cast<float>(kx * f.width),
                          static_cast<float>(ky * f.height));
    blend(frame, sprite_.grey, sprite_.alpha, kx, ky, target.x - kx * src_centre.x, target.y - ky * src_centre.y);
}

void Scene::draw_passer(cv::Mat& frame, double x_widths) const {
    const cv::Rect2f& f = passer_.face;
    const double k = kPasserScale * neutral_width_ / f.width;
    const double cx = x_widths * size_.width, cy = kPasserCentreY * size_.height;
    blend(frame, passer_.grey, passer_.alpha, k, k, cx - k * (f.x + f.width / 2.0), cy - k * (f.y + f.height / 2.0));
}

// A hand rising to the chin with its forearm below: a flat skin-grey shape
// covering up to the lower third of the face, as when resting the chin on a hand.
void Scene::draw_hand(cv::Mat& frame, const cv::Rect2f& face, double amount) const {
    const double a = std::clamp(amount, 0.0, 1.0);
    const double w = face.width, h = face.height;
    const cv::Point2d c(face.x + 0.58 * w, face.y + h * (1.05 + 0.6 * (1.0 - a)));
    const double tone = std::clamp(skin_ * 0.9, 40.0, 220.0);
    cv::ellipse(frame, pt(c.x, c.y), cv::Size(cvRound(0.30 * w), cvRound(0.24 * h)), -20, 0, 360, cv::Scalar(tone),
                cv::FILLED, cv::LINE_AA);
    cv::line(frame, pt(c.x, c.y), pt(c.x + 0.5 * w, c.y + 2.5 * h), cv::Scalar(tone * 0.95),
             std::max(2, cvRound(0.35 * w)), cv::LINE_AA);
}

}  // namespace pg::sim
