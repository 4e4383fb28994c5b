#pragma once

#include "source/file/labels_csv.hpp"
#include "source/frame_source.hpp"

#include <opencv2/videoio.hpp>

#include <optional>
#include <string>
#include <vector>

namespace pg {

// Replays a recording: a video file (OpenCV videoio), a directory of images or
// a glob such as "shots/*.png" (name order), the images spaced 1/fps apart.
// Timeline: frame i is shown at start + i / fps, start being the wall time at
// start-up, so --speed real plays it in real time and --speed max on the
// runner's simulated clock; each tick takes the newest frame at its time.
// With labels (SourceOptions::labels_file, or labels.csv in the directory) every
// frame carries its ground truth, and the first frame presses "calibrate": a
// labelled recording starts with the user sitting upright.
class FileSource final : public FrameSource {
public:
    // Throws ConfigError when nothing matches, a video cannot be opened or the
    // labels are malformed.
    FileSource(std::string path, const SourceOptions& options);

    std::optional<Frame> grab(std::int64_t t_ms) override;
    std::optional<std::int64_t> start_time_ms() const override { return start_ms_; }
    bool ended(std::int64_t t_ms) const override;
    std::string describe() const override { return description_; }

    std::size_t image_count() const { return images_.size(); }

private:
    std::optional<cv::Mat> video_frame(std::uint64_t index);

    std::string path_;
    std::vector<std::string> images_;  // empty for a video
    cv::VideoCapture video_;
    double fps_ = 10.0;
    std::int64_t start_ms_ = 0;
    std::optional<Labels> labels_;
    std::string description_;
    std::uint64_t video_next_ = 0;  // index of the next frame read() returns
    cv::Mat video_current_;         // the frame with index video_next_ - 1
    bool pressed_ = false;
};

// The image files a file: spec names, sorted: a directory's images, a glob's
// matches, or the one image given; empty when PATH is (probably) a video.
std::vector<std::string> list_image_files(const std::string& path);

}  // namespace pg
