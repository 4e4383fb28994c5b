#include "vision/sim_scene.hpp"

#include "vision/sim_random.hpp"

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
    : sprite_(std::move(sprite)), size_(frame_size), seed_(seed), background_(render_room(frame_size, seed)),
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
    if (pose.present) {
        cv::Rect2f face;
        composite(frame, pose, face);
        d.face = face;
    }
    cv::Mat noise(size_, CV_32FC1);
    cv::RNG rng(seed_ ^ (static_cast<std::uint64_t>(t_ms) * 0x9E3779B97F4A7C15ull));
    rng.fill(noise, cv::RNG::NORMAL, 0.0, kSensorNoise);
    frame += noise;
    frame.convertTo(d.grey, CV_8UC1);
    return d;
}

// Places the sprite so its face box has the pose's size and position, warping
// only the rectangle it covers.
void Scene::composite(cv::Mat& frame, const Pose& pose, cv::Rect2f& face_out) const {
    const cv::Rect2f& f = sprite_.face;
    const double k = neutral_width_ * pose.scale / f.width;
    const double neutral_h = neutral_width_ * f.height / f.width;
    const cv::Point2d target(neutral_centre_.x + pose.shift * neutral_width_,
                             neutral_centre_.y + pose.drop * neutral_h);
    const cv::Point2d src_centre(f.x + f.width / 2.0, f.y + f.height / 2.0);
    face_out = cv::Rect2f(static_cast<float>(target.x - k * f.width / 2), static_cast<float>(target.y - k * f.height / 2),
                          static_cast<float>(k * f.width), static_cast<float>(k * f.height));

    const double x0 = target.x - k * src_centre.x, y0 = target.y - k * src_centre.y;
    cv::Rect covered(cvFloor(x0), cvFloor(y0), cvCeil(k * sprite_.grey.cols) + 2, cvCeil(k * sprite_.grey.rows) + 2);
    cv::Rect roi = covered & cv::Rect(0, 0, size_.width, size_.height);
    if (roi.empty()) return;
    cv::Matx23d m(k, 0, x0 - roi.x, 0, k, y0 - roi.y);
    cv::Mat person, alpha;
    cv::warpAffine(sprite_.grey, person, m, roi.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    cv::warpAffine(sprite_.alpha, alpha, m, roi.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    person.convertTo(person, CV_32FC1);
    cv::Mat dst = frame(roi);
    // dst = dst * (1 - alpha) + person * alpha
    cv::Mat blended = dst + alpha.mul(person - dst);
    blended.copyTo(dst);
}

}  // namespace pg::sim
