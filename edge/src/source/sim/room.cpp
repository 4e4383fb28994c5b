#include "source/sim/room.hpp"

#include "source/sim/random.hpp"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace pg::sim {
namespace {

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

}  // namespace pg::sim
