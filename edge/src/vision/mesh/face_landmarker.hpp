#pragma once

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>
#include <opencv2/dnn.hpp>

#include <string>
#include <vector>

namespace pg {

// Where to look for the landmarks: a square around the face, turned so the eye
// line is level (the model was trained on upright crops), in image pixels.
struct FaceRegion {
    cv::Point2f centre;
    float side = 0.0f;
    float angle_deg = 0.0f;  // the eye line's slope in the image, + = clockwise
};

struct Landmarks {
    std::vector<cv::Point2f> points;  // 468, image pixels, MediaPipe's face mesh order
    std::vector<float> depth;         // relative depth per point, image pixels (+ = away)
    float presence = 0.0f;            // 0..1: the model's confidence that a face is there
};

// MediaPipe's face landmark network (face_landmark_468.onnx, 192x192 RGB crops)
// through cv::dnn. Grey frames go in as three equal channels: the network reads
// shape, not colour, and the Pi's camera gives the Y plane.
class FaceLandmarker {
public:
    // Throws std::runtime_error naming the file when it cannot be loaded or does
    // not have this network's outputs.
    explicit FaceLandmarker(const std::string& model_file);

    // `image` is CV_8UC1 or CV_8UC3 (BGR).
    Landmarks run(const cv::Mat& image, const FaceRegion& region);

    // The region MediaPipe derives from a face box: 1.5 times the larger side,
    // the box centre, level with the eyes.
    static FaceRegion region_from_box(const cv::Rect2f& box, float eye_angle_deg);
    // The region from last frame's landmarks, for the next one.
    static FaceRegion region_from_landmarks(const std::vector<cv::Point2f>& points);

    static constexpr int kInputSize = 192;

private:
    cv::dnn::Net net_;
    std::vector<cv::String> outputs_;
    cv::Mat crop_, rgb_, blob_;  // reused buffers
};

}  // namespace pg
