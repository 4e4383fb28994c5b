#pragma once

#include "vision/face_analyzer.hpp"

#include <memory>
#include <optional>
#include <string>

namespace pg {

// dlib's HOG face detector + 68-point shape predictor (Debian libdlib-dev and
// libdlib-data; built with -DPG_WITH_DLIB=ON). Head pose (pitch, yaw, roll) comes
// from cv::solvePnP against a generic 3D face, so "looking down" is a real angle.
// The predictor's training data (iBUG 300-W) is licensed for research only: not
// for commercial use. dlib types stay inside the .cpp (no dlib headers here).
class LandmarkAnalyzer final : public FaceAnalyzer {
public:
    struct Options {
        std::string predictor_file;  // shape_predictor_68_face_landmarks.dat
        int analysis_width = 320;
        bool tracking = true;
    };

    // Throws std::runtime_error naming the file and libdlib-data when the
    // predictor cannot be loaded.
    explicit LandmarkAnalyzer(Options options);
    ~LandmarkAnalyzer() override;
    LandmarkAnalyzer(const LandmarkAnalyzer&) = delete;
    LandmarkAnalyzer& operator=(const LandmarkAnalyzer&) = delete;

    Observation analyze(const cv::Mat& grey) override;
    void set_reference(const std::optional<cv::Rect2f>& face) override;
    void reset() override;
    std::string name() const override { return "landmarks"; }
    bool reads_head_pose() const override { return true; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pg
