#pragma once

#include <opencv2/core/types.hpp>

#include <array>
#include <vector>

namespace pg::blazeface {

// MediaPipe BlazeFace (front camera, 128x128 input): 896 anchors on two feature
// maps, 16x16 cells with 2 anchors (stride 8) and 8x8 cells with 6 anchors (the
// three stride-16 layers merged). Every anchor is 1x1 in MediaPipe's "fixed anchor
// size" mode, so only its centre matters.
inline constexpr int kInputSize = 128;
inline constexpr int kAnchorCount = 896;
inline constexpr int kRegressors = 16;  // box (cx, cy, w, h) + 6 keypoints (x, y)

// Anchor centres in [0, 1] input coordinates, in the model's output order.
// Generated like MediaPipe's SsdAnchorsCalculator with strides {8, 16, 16, 16},
// interpolated_scale_aspect_ratio 1 and fixed_anchor_size: consecutive layers
// of equal stride share one feature map and pool their anchors per cell.
std::vector<cv::Point2f> generate_anchors();

enum Keypoint : int { right_eye = 0, left_eye, nose, mouth, right_ear, left_ear, kKeypointCount };

// One decoded face in [0, 1] input coordinates ("right" is the person's right,
// which is on the image's left for a front camera).
struct Detection {
    cv::Rect2f box;
    std::array<cv::Point2f, kKeypointCount> keypoints{};
    float score = 0.0f;  // sigmoid of the logit, 0..1
};

// Turns raw outputs (kAnchorCount logits, kAnchorCount x kRegressors offsets in
// input pixels) into detections scoring at least `min_score`. Logits are clipped
// to +-100 like MediaPipe's score_clipping_thresh so exp() never overflows.
std::vector<Detection> decode(const float* logits, const float* regressors, const std::vector<cv::Point2f>& anchors,
                              float min_score);

// MediaPipe's weighted non-maximum suppression: detections overlapping the best
// one by at least `iou_threshold` are merged into it, box and keypoints averaged
// with their scores as weights (steadier than keeping one box), score the best's.
std::vector<Detection> weighted_nms(std::vector<Detection> detections, float iou_threshold);

float iou(const cv::Rect2f& a, const cv::Rect2f& b);

}  // namespace pg::blazeface
