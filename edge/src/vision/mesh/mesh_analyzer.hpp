#pragma once

#include "vision/blazeface_analyzer.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/mesh/face_landmarker.hpp"
#include "vision/mesh/head_pose_solver.hpp"

#include <optional>
#include <string>

namespace pg {

// The default analyzer: BlazeFace finds the user's face, MediaPipe's 468-point
// face mesh model reads its landmarks, and solvePnP against the canonical face
// gives the head's real pitch, yaw and roll and its distance. The face box it
// reports is the frontal face at that distance (HeadPose::frontal_box), so
// leaning in reads the same whether the head is turned or nodding.
//
// When the detector misses a face it saw a moment ago (a head turned far to a
// second monitor, a hand over the mouth), the landmarks are read again where
// the face last was; the model's own presence score decides whether it is
// still there.
class MeshAnalyzer final : public FaceAnalyzer {
public:
    struct Options {
        BlazeFaceAnalyzer::Options detector;
        std::string landmark_model;    // face_landmark_468.onnx
        std::string canonical_mesh;    // face_geometry.binarypb
        double horizontal_fov_deg = 62.0;
        float min_presence = 0.5f;     // the landmark model's face presence, 0..1
    };

    // Throws std::runtime_error naming the file that cannot be loaded.
    explicit MeshAnalyzer(Options options);

    Observation analyze(const cv::Mat& grey) override;
    void set_reference(const std::optional<cv::Rect2f>& face) override;
    void reset() override;
    std::string name() const override { return "mesh"; }
    bool reads_head_pose() const override { return true; }

    // How the last analyze() placed the landmarks, for tests and statistics.
    enum class Search { none, detector, follow };
    Search last_search() const { return last_search_; }

private:
    std::optional<Observation> read_face(const cv::Mat& grey, const FaceRegion& region, Observation obs);

    Options options_;
    BlazeFaceAnalyzer detector_;
    FaceLandmarker landmarker_;
    HeadPoseSolver solver_;
    std::optional<FaceRegion> last_region_;  // from the last landmarks, full-frame pixels
    int misses_ = 0;
    // Detector box width / frontal box width, to hand the detector a reference
    // in its own box size.
    double box_ratio_ = 1.0;
    Search last_search_ = Search::none;
};

}  // namespace pg
