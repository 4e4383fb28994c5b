#include "vision/face_analyzer.hpp"

#include <opencv2/imgproc.hpp>

#include <stdexcept>
#include <string>

namespace pg {

AnalysisImage prepare_analysis_image(const cv::Mat& grey, int width, cv::Mat& scratch, const char* who) {
    if (grey.empty() || grey.type() != CV_8UC1) throw std::invalid_argument(std::string(who) + " needs a CV_8UC1 frame");
    const double k = grey.cols > width ? static_cast<double>(width) / grey.cols : 1.0;
    if (k >= 1.0) return {grey, 1.0};
    // INTER_AREA keeps a small face's edges that the detectors look for.
    cv::resize(grey, scratch, cv::Size(), k, k, cv::INTER_AREA);
    return {scratch, k};
}

}  // namespace pg
