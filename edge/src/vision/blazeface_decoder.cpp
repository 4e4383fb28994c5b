#include "vision/blazeface_decoder.hpp"

#include <algorithm>
#include <cmath>

namespace pg::blazeface {

std::vector<cv::Point2f> generate_anchors() {
    constexpr std::array<int, 4> kStrides{8, 16, 16, 16};
    constexpr int kAnchorsPerLayer = 2;  // aspect ratio 1.0 + the interpolated scale
    std::vector<cv::Point2f> anchors;
    anchors.reserve(kAnchorCount);
    std::size_t layer = 0;
    while (layer < kStrides.size()) {
        // Layers with the same stride share a feature map: their anchors are
        // emitted together, per cell.
        std::size_t last = layer;
        while (last + 1 < kStrides.size() && kStrides[last + 1] == kStrides[layer]) ++last;
        const int per_cell = kAnchorsPerLayer * static_cast<int>(last - layer + 1);
        const int cells = (kInputSize + kStrides[layer] - 1) / kStrides[layer];
        for (int y = 0; y < cells; ++y)
            for (int x = 0; x < cells; ++x)
                for (int a = 0; a < per_cell; ++a)
                    anchors.emplace_back((static_cast<float>(x) + 0.5f) / static_cast<float>(cells),
                                         (static_cast<float>(y) + 0.5f) / static_cast<float>(cells));
        layer = last + 1;
    }
    return anchors;
}

std::vector<Detection> decode(const float* logits, const float* regressors, const std::vector<cv::Point2f>& anchors,
                              float min_score) {
    constexpr float kScale = 1.0f / static_cast<float>(kInputSize);
    // Compare logits, not probabilities: one log instead of 896 exps.
    const float p = std::clamp(min_score, 1e-6f, 1.0f - 1e-6f);
    const float min_logit = std::log(p / (1.0f - p));
    std::vector<Detection> out;
    for (std::size_t i = 0; i < anchors.size(); ++i) {
        const float logit = std::clamp(logits[i], -100.0f, 100.0f);
        if (logit < min_logit) continue;
        const float* r = regressors + i * kRegressors;
        const cv::Point2f a = anchors[i];
        Detection d;
        d.score = 1.0f / (1.0f + std::exp(-logit));
        const float cx = a.x + r[0] * kScale, cy = a.y + r[1] * kScale;
        const float w = r[2] * kScale, h = r[3] * kScale;
        if (!(w > 0.0f && h > 0.0f)) continue;
        d.box = cv::Rect2f(cx - w / 2, cy - h / 2, w, h);
        for (int k = 0; k < kKeypointCount; ++k)
            d.keypoints[static_cast<std::size_t>(k)] = {a.x + r[4 + 2 * k] * kScale, a.y + r[5 + 2 * k] * kScale};
        out.push_back(d);
    }
    return out;
}

float iou(const cv::Rect2f& a, const cv::Rect2f& b) {
    const float inter = (a & b).area();
    const float uni = a.area() + b.area() - inter;
    return uni > 0.0f ? inter / uni : 0.0f;
}

std::vector<Detection> weighted_nms(std::vector<Detection> detections, float iou_threshold) {
    std::sort(detections.begin(), detections.end(),
              [](const Detection& a, const Detection& b) { return a.score > b.score; });
    std::vector<Detection> out;
    std::vector<bool> used(detections.size(), false);
    for (std::size_t i = 0; i < detections.size(); ++i) {
        if (used[i]) continue;
        const Detection& best = detections[i];
        float total = 0.0f;
        cv::Point2f tl(0, 0), br(0, 0);
        std::array<cv::Point2f, kKeypointCount> kp{};
        for (std::size_t j = i; j < detections.size(); ++j) {
            if (used[j] || iou(best.box, detections[j].box) < iou_threshold) continue;
            used[j] = true;
            const Detection& d = detections[j];
            total += d.score;
            tl += d.score * d.box.tl();
            br += d.score * d.box.br();
            for (std::size_t k = 0; k < kp.size(); ++k) kp[k] += d.score * d.keypoints[k];
        }
        Detection merged = best;
        tl *= 1.0f / total;
        br *= 1.0f / total;
        merged.box = cv::Rect2f(tl, br);
        for (std::size_t k = 0; k < kp.size(); ++k) merged.keypoints[k] = kp[k] * (1.0f / total);
        out.push_back(merged);
    }
    return out;
}

}  // namespace pg::blazeface
