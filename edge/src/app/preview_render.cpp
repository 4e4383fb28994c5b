#include "app/preview_render.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <stdexcept>

namespace pg {
namespace {

cv::Rect to_pixels(const cv::Rect2f& r) {
    return {cvRound(r.x), cvRound(r.y), std::max(1, cvRound(r.width)), std::max(1, cvRound(r.height))};
}

}  // namespace

cv::Mat render_preview(const cv::Mat& grey, const PreviewOverlay& o) {
    if (grey.empty() || grey.type() != CV_8UC1) throw std::invalid_argument("render_preview needs a grey frame");
    cv::Mat out;
    cv::cvtColor(grey, out, cv::COLOR_GRAY2BGR);
    if (o.baseline) cv::rectangle(out, to_pixels(*o.baseline), kPreviewBaselineColour, kPreviewLineWidth);
    for (const auto& p : o.landmarks) cv::circle(out, p, 1, kPreviewLandmarkColour, cv::FILLED);
    if (o.face) cv::rectangle(out, to_pixels(*o.face), kPreviewFaceColour, kPreviewLineWidth);

    // Text sized to the frame, on a dark band so it reads on any picture.
    const double scale = std::clamp(out.cols / 900.0, 0.35, 1.2);
    const int thickness = scale > 0.7 ? 2 : 1;
    int baseline = 0;
    const int line_h = cv::getTextSize("Ag", cv::FONT_HERSHEY_SIMPLEX, scale, thickness, &baseline).height + baseline + 4;
    int y = line_h;
    for (const auto& line : o.lines) {
        const cv::Size size = cv::getTextSize(line, cv::FONT_HERSHEY_SIMPLEX, scale, thickness, &baseline);
        cv::rectangle(out, cv::Rect(0, y - line_h + 2, size.width + 8, line_h), cv::Scalar(0, 0, 0), cv::FILLED);
        cv::putText(out, line, {4, y - baseline}, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(255, 255, 255), thickness,
                    cv::LINE_AA);
        y += line_h;
    }
    return out;
}

}  // namespace pg
