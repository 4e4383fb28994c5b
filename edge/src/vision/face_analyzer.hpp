#pragma once

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pg {

struct TrackerConfig;

// What an analyzer saw in one frame.
struct Observation {
    bool found = false;
    cv::Rect2f face;          // the user's face, full-frame pixels (valid when found)
    double confidence = 0.0;  // analyzer-specific strength (cascade: neighbour count)
    int faces = 0;            // plausible faces seen (several people: the nearest is chosen)
    double brightness = 0.0;  // mean grey level of the frame, 0..255
};

// Finds the user's face in a grey frame. Implementations keep tracking state
// between calls (a search window around the last face), so one analyzer serves
// one camera. Cascade now; BlazeFace (cv::dnn) and dlib landmarks later.
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
};

// The analyzers this build offers, e.g. {"cascade"}.
std::vector<std::string> analyzer_names();
// Builds config.analyzer; throws ConfigError listing the valid names when unknown,
// std::runtime_error when its model or cascade file is missing.
std::unique_ptr<FaceAnalyzer> make_analyzer(const TrackerConfig& config);

}  // namespace pg
