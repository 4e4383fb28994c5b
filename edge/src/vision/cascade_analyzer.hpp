#pragma once

#include "vision/face_analyzer.hpp"

#include <opencv2/objdetect.hpp>

#include <optional>
#include <string>

namespace pg {

// OpenCV cascade face detection (Debian opencv-data), the analyzer that needs no
// model download. Searches a window around the last face first and the whole
// (downscaled) frame only when that fails, which is what keeps it cheap on a Pi.
class CascadeAnalyzer final : public FaceAnalyzer {
public:
    struct Options {
        std::string cascade_file;  // full path, see cascade_path()
        int analysis_width = 320;  // frames wider than this are downscaled first
        bool tracking = true;      // search around the last face before the full frame
        double scale_step = 1.1;   // pyramid step on a full-frame search
        double window_scale_step = 1.05;  // finer steps are affordable in the small window
        int min_neighbours = 4;
        // A head resting on one side is beyond what the frontal cascade finds
        // upright: when both searches miss, the window is searched again turned
        // by this many degrees each way (0 = never).
        double rotated_search_deg = 20.0;
        // Haar features compare sums of light and dark: in a dim room their
        // contrasts fall under what the cascade was trained on and a plainly
        // visible face is lost. Frames darker than this mean grey level have
        // their histogram stretched first (0 = never).
        double equalise_below = 90.0;
    };

    // Throws std::runtime_error naming the file and Debian package when the
    // cascade cannot be loaded.
    explicit CascadeAnalyzer(Options options);

    Observation analyze(const cv::Mat& grey) override;
    void set_reference(const std::optional<cv::Rect2f>& face) override { reference_ = face; }
    void reset() override;
    std::string name() const override { return "cascade"; }

    // How the last analyze() found its face, for statistics and tests.
    enum class Search { none, window, full, rotated };
    Search last_search() const { return last_search_; }

private:
    struct Candidate {
        cv::Rect2f box;  // analysis pixels
        int neighbours = 0;
    };
    std::vector<Candidate> detect(const cv::Mat& image, cv::Rect area, double min_w, double max_w, double step);
    std::vector<Candidate> detect_rotated(const cv::Mat& image, const cv::Rect2f& expected);
    std::optional<Candidate> choose(const std::vector<Candidate>& found, double k) const;

    Options options_;
    cv::CascadeClassifier cascade_;
    std::optional<cv::Rect2f> last_;       // full-frame pixels
    std::optional<cv::Rect2f> reference_;  // full-frame pixels
    int misses_ = 0;
    Search last_search_ = Search::none;
    cv::Mat small_;    // reused downscale buffer
    cv::Mat turned_;   // reused rotated window
    cv::Mat equalised_;  // reused contrast-stretched frame
};

}  // namespace pg
