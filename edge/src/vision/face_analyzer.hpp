#pragma once

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pg {

struct TrackerConfig;

// Head orientation read from facial landmarks (the face mesh, BlazeFace
// keypoints, dlib's 68 points); the cascade sees only a box and leaves it empty.
struct HeadPose {
    double roll_deg = 0.0;  // slope of the eye line, + = clockwise in the image
    double yaw_deg = 0.0;   // + = nose towards the image's right
    // + = down. A real pitch where the analyzer solves a 3D pose (mesh,
    // landmarks); BlazeFace's six points give a reading whose changes are pitch
    // changes (nose_pitch_deg), so only its difference from the baseline counts.
    std::optional<double> pitch_deg;
    // Eye-line-to-mouth height / eye distance, kept for baselines stored
    // without a pitch reading (see pitch_from_aspect).
    double aspect = 0.0;
};

// What an analyzer saw in one frame.
struct Observation {
    bool found = false;
    cv::Rect2f face;          // the user's face, full-frame pixels (valid when found)
    double confidence = 0.0;  // analyzer-specific strength (cascade: neighbours; DNN: score 0..1)
    int faces = 0;            // plausible faces seen (several people: the nearest is chosen)
    double brightness = 0.0;  // mean grey level of the frame, 0..255
    std::optional<HeadPose> head;  // when the analyzer reads landmarks
    // The face mesh's 468 points (full-frame pixels) when the analyzer reads
    // them: for the setup preview and for tests, never published.
    std::vector<cv::Point2f> landmarks;
};

// Finds the user's face in a grey frame. Implementations keep tracking state
// between calls (a search window around the last face), so one analyzer serves
// one camera: BlazeFace (cv::dnn, the default), dlib landmarks, cascades.
class FaceAnalyzer {
public:
    virtual ~FaceAnalyzer() = default;
    virtual Observation analyze(const cv::Mat& grey) = 0;
    // The calibrated face (full-frame pixels): prefer faces near it and ignore
    // ones far smaller. nullopt while uncalibrated.
    virtual void set_reference(const std::optional<cv::Rect2f>& face) { (void)face; }
    // Forget the tracking window (the camera moved, a new session starts).
    virtual void reset() {}
    virtual std::string name() const = 0;
    // Whether observations carry a head pose (HeadPose): without one, looking
    // down and tilt cannot be seen.
    virtual bool reads_head_pose() const { return false; }
};

// The analyzers this build offers, e.g. {"mesh", "blazeface", "cascade"}.
std::vector<std::string> analyzer_names();

// The analyzer that runs, and why it is not the configured one when it is not.
struct AnalyzerChoice {
    std::unique_ptr<FaceAnalyzer> analyzer;
    std::string requested;  // config.analyzer
    std::string fallback;   // empty, or why `analyzer` replaces `requested`
};

// Builds config.analyzer; throws ConfigError listing the valid names when unknown.
// A model that was not fetched (or that this OpenCV cannot run) falls back, with
// a warning, mesh -> blazeface -> cascade: the device keeps monitoring and says
// so (log, stats, Home Assistant). A model path set in the config must exist; a
// missing cascade or dlib model throws std::runtime_error naming the file and
// the package to install.
// Models not set in the config are looked for in `model_dirs`.
AnalyzerChoice choose_analyzer(const TrackerConfig& config, const std::vector<std::string>& model_dirs);
AnalyzerChoice choose_analyzer(const TrackerConfig& config);
inline std::unique_ptr<FaceAnalyzer> make_analyzer(const TrackerConfig& config) {
    return choose_analyzer(config).analyzer;
}

// The frame an analyzer works on: `grey` scaled down to at most `width` columns
// (into the analyzer's reused `scratch`), and the factor that maps results back.
// Throws std::invalid_argument naming `who` unless `grey` is a CV_8UC1 frame.
struct AnalysisImage {
    const cv::Mat& image;
    double scale;
};
AnalysisImage prepare_analysis_image(const cv::Mat& grey, int width, cv::Mat& scratch, const char* who);

}  // namespace pg
