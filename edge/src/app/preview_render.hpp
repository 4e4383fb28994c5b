#pragma once

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pg {

// What the setup preview draws over the frame the analyzer was given.
struct PreviewOverlay {
    std::optional<cv::Rect2f> face;      // the face the analyzer found
    std::optional<cv::Rect2f> baseline;  // the calibrated face, when calibrated
    std::vector<cv::Point2f> landmarks;  // the face mesh's points, when the analyzer reads them
    std::vector<std::string> lines;      // state and metrics, top left
};

// Colours (BGR), pure so a test can find them in a grey picture.
inline const cv::Scalar kPreviewFaceColour{0, 255, 0};
inline const cv::Scalar kPreviewBaselineColour{255, 0, 255};
inline const cv::Scalar kPreviewLandmarkColour{0, 255, 255};
inline constexpr int kPreviewLineWidth = 2;

// A colour picture of `grey` (CV_8UC1) with the overlay: the baseline box, the
// landmarks, then the face box on top, and the text. Same size as `grey`.
cv::Mat render_preview(const cv::Mat& grey, const PreviewOverlay& overlay);

}  // namespace pg
