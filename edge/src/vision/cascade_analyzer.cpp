#include "vision/cascade_analyzer.hpp"

#include "vision/face_choice.hpp"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

namespace pg {

CascadeAnalyzer::CascadeAnalyzer(Options options) : options_(std::move(options)) {
    // Checked first so a missing file gives our message, not OpenCV's own log line.
    std::error_code ec;
    if (!std::filesystem::is_regular_file(options_.cascade_file, ec) || !cascade_.load(options_.cascade_file))
        throw std::runtime_error("cannot load face cascade " + options_.cascade_file +
                                 " (install the Debian package opencv-data)");
    if (options_.analysis_width < 64) throw std::invalid_argument("analysis width must be at least 64 pixels");
}

void CascadeAnalyzer::reset() {
    last_.reset();
    misses_ = 0;
}

std::vector<CascadeAnalyzer::Candidate> CascadeAnalyzer::detect(const cv::Mat& image, cv::Rect area, double min_w,
                                                                double max_w, double step) {
    area &= cv::Rect(0, 0, image.cols, image.rows);
    std::vector<Candidate> out;
    const int min_side = std::max(20, static_cast<int>(std::floor(min_w)));
    const int max_side = std::min({area.width, area.height, static_cast<int>(std::ceil(max_w))});
    if (min_side > max_side) return out;
    std::vector<cv::Rect> boxes;
    std::vector<int> neighbours;
    cascade_.detectMultiScale(image(area), boxes, neighbours, step, options_.min_neighbours, 0,
                              cv::Size(min_side, min_side), cv::Size(max_side, max_side));
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        cv::Rect2f b(boxes[i]);
        b.x += static_cast<float>(area.x);
        b.y += static_cast<float>(area.y);
        out.push_back({b, i < neighbours.size() ? neighbours[i] : 0});
    }
    return out;
}

std::vector<CascadeAnalyzer::Candidate> CascadeAnalyzer::detect_rotated(const cv::Mat& image,
                                                                        const cv::Rect2f& expected) {
    std::vector<Candidate> out;
    if (!(options_.rotated_search_deg > 0.0)) return out;
    // The window around the expected face, turned about its centre so a tilted
    // face stands upright; a face found there is turned back into the frame.
    const cv::Point2f c = centre(expected);
    const float side = 2.2f * std::max(expected.width, expected.height);
    const int n = std::max(24, cvRound(side));
    for (double sign : {1.0, -1.0}) {
        const double deg = sign * options_.rotated_search_deg;
        // Maps the frame to the window: the centre to the window's middle, turned by deg.
        cv::Matx23d m = cv::getRotationMatrix2D(c, deg, 1.0);
        m(0, 2) += n / 2.0 - c.x;
        m(1, 2) += n / 2.0 - c.y;
        cv::warpAffine(image, turned_, m, cv::Size(n, n), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        cv::Matx23d back;
        cv::invertAffineTransform(m, back);
        for (const Candidate& f : detect(turned_, cv::Rect(0, 0, n, n), 0.7 * expected.width, 1.45 * expected.width,
                                         options_.window_scale_step)) {
            const cv::Point2f w = centre(f.box);
            const cv::Point2f p(static_cast<float>(back(0, 0) * w.x + back(0, 1) * w.y + back(0, 2)),
                                static_cast<float>(back(1, 0) * w.x + back(1, 1) * w.y + back(1, 2)));
            out.push_back({cv::Rect2f(p.x - f.box.width / 2, p.y - f.box.height / 2, f.box.width, f.box.height),
                           f.neighbours});
        }
        if (!out.empty()) break;
    }
    return out;
}

std::optional<CascadeAnalyzer::Candidate> CascadeAnalyzer::choose(const std::vector<Candidate>& found,
                                                                  double k) const {
    // The searches already keep to plausible sizes: no width floor here.
    const std::optional<cv::Rect2f>& anchor = last_ ? last_ : reference_;
    return choose_face(
        found, anchor ? std::optional(scaled(*anchor, k)) : std::nullopt, 0.0,
        [](const Candidate& c) { return c.box; }, [](const Candidate& c) { return c.neighbours; });
}

Observation CascadeAnalyzer::analyze(const cv::Mat& grey) {
    const AnalysisImage prepared = prepare_analysis_image(grey, options_.analysis_width, small_, "CascadeAnalyzer");
    const double k = prepared.scale;
    const cv::Mat* image = &prepared.image;

    Observation obs;
    obs.brightness = cv::mean(*image)[0];
    last_search_ = Search::none;
    if (obs.brightness < options_.equalise_below) {
        cv::equalizeHist(*image, equalised_);
        image = &equalised_;
    }
    std::vector<Candidate> found;
    if (options_.tracking && last_) {
        // A window twice the face around its last position covers normal
        // movement between ticks; sizes stay within what a person can do in a tick.
        const cv::Rect2f f = scaled(*last_, k);
        const cv::Point2f c = centre(f);
        cv::Rect window(cvFloor(c.x - f.width), cvFloor(c.y - 1.1f * f.height), cvCeil(2.0f * f.width),
                        cvCeil(2.2f * f.height));
        found = detect(*image, window, 0.7 * f.width, 1.45 * f.width, options_.window_scale_step);
        if (!found.empty()) last_search_ = Search::window;
    }
    if (found.empty()) {
        const std::optional<cv::Rect2f>& expected = last_ ? last_ : reference_;
        const double min_w = expected ? kMinWidthOfExpected * expected->width * k : 0.0;
        found = detect(*image, cv::Rect(0, 0, image->cols, image->rows), min_w, image->rows, options_.scale_step);
        if (!found.empty()) last_search_ = Search::full;
    }
    // Only while the face was seen moments ago (a head going over to one side):
    // an empty desk costs no extra searches.
    if (found.empty() && options_.tracking && last_) {
        found = detect_rotated(*image, scaled(*last_, k));
        if (!found.empty()) last_search_ = Search::rotated;
    }

    obs.faces = static_cast<int>(found.size());
    if (auto best = choose(found, k)) {
        obs.found = true;
        obs.face = scaled(best->box, 1.0 / k);
        obs.confidence = best->neighbours;
        last_ = obs.face;
        misses_ = 0;
    } else if (++misses_ >= kForgetAfterMisses) {
        last_.reset();
    }
    return obs;
}

}  // namespace pg
