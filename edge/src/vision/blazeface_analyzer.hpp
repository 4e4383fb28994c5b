#pragma once

#include "vision/blazeface_decoder.hpp"
#include "vision/face_analyzer.hpp"

#include <opencv2/dnn.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pg {

// MediaPipe BlazeFace (front, 128x128) through OpenCV's cv::dnn: a face box plus
// eyes, nose, mouth and ear points, from which the head's roll, yaw and a pitch
// proxy follow. Like the cascade, it looks in a window around the last face
// first (the face then fills the network's input, which is what it was trained
// on) and letterboxes the whole frame only when that fails.
class BlazeFaceAnalyzer final : public FaceAnalyzer {
public:
    struct Options {
        std::string model_file;        // the ONNX file, see blazeface_model_path()
        int analysis_width = 320;      // frames wider than this are downscaled first
        bool tracking = true;
        float min_score = 0.6f;        // detection probability to accept a face
        float nms_iou = 0.3f;          // MediaPipe's value for this model
        // cv::dnn's layer fusion: faster, but OpenCV >= 4.7 miscomputes this
        // export with it (see blazeface_runtime()).
        bool fusion = true;
    };

    // Throws std::runtime_error naming the file and scripts/fetch-models.sh when
    // the model cannot be loaded.
    explicit BlazeFaceAnalyzer(Options options);

    Observation analyze(const cv::Mat& grey) override;
    void set_reference(const std::optional<cv::Rect2f>& face) override { reference_ = face; }
    void reset() override;
    std::string name() const override { return "blazeface"; }
    bool reads_head_pose() const override { return true; }

    enum class Search { none, window, full };
    Search last_search() const { return last_search_; }
    // The network's own box of the face last found (full-frame pixels): the
    // region a landmark model is given. Observation::face is sized by the eyes.
    const std::optional<cv::Rect2f>& last_box() const { return last_; }

    // One network pass on a square crop of `image` (analysis pixels), mapped back
    // to analysis pixels. Exposed for tests and benchmarks.
    std::vector<blazeface::Detection> detect(const cv::Mat& image, cv::Rect2f square);
    // The raw scores and box regressors of the last network pass.
    const std::vector<float>& last_logits() const { return logits_; }
    const std::vector<float>& last_regressors() const { return regressors_; }

private:
    std::optional<blazeface::Detection> choose(const std::vector<blazeface::Detection>& found, double k) const;

    Options options_;
    cv::dnn::Net net_;
    std::vector<cv::String> outputs_;
    std::vector<cv::Point2f> anchors_;
    std::vector<float> logits_, regressors_;
    std::optional<cv::Rect2f> last_;       // full-frame pixels
    std::optional<cv::Rect2f> reference_;  // full-frame pixels
    int misses_ = 0;
    Search last_search_ = Search::none;
    cv::Mat small_, input_, rgb_, blob_;  // reused buffers
};

// How this OpenCV runs the model. The export pads channels with
// Concat(x, ConstantOfShape(0)) after a MaxPool, and OpenCV >= 4.7's Conv+Add
// fusion rebinds that pool's output onto the concatenated blob: the first pass
// fails in a pooling layer (Debian 13's 4.10), or could silently compute
// something else. So the model is run once with and once without fusion on the
// same picture; fusion is kept only when both agree. Checked once per file.
struct BlazeFaceRuntime {
    bool runs = false;
    bool fusion = false;  // whether the fused (faster) graph computes the same
    std::string problem;  // why it cannot run at all, from OpenCV
};
const BlazeFaceRuntime& blazeface_runtime(const std::string& model_file);

}  // namespace pg
