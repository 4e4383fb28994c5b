#include "source/file/file_source.hpp"

#include "pg/errors.hpp"

#include <glob.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <sstream>

namespace pg {
namespace {

namespace fs = std::filesystem;

bool is_image_name(const fs::path& p) {
    static const std::array<std::string, 9> kExt{".png", ".jpg", ".jpeg", ".bmp", ".pgm", ".ppm", ".tif", ".tiff",
                                                 ".webp"};
    std::string e = p.extension().string();
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(kExt.begin(), kExt.end(), e) != kExt.end();
}

// RAII for glob(3)'s result.
class GlobResult {
public:
    explicit GlobResult(const std::string& pattern) { rc_ = ::glob(pattern.c_str(), 0, nullptr, &g_); }
    ~GlobResult() { ::globfree(&g_); }
    GlobResult(const GlobResult&) = delete;
    GlobResult& operator=(const GlobResult&) = delete;
    std::vector<std::string> paths() const {
        std::vector<std::string> out;
        if (rc_ == 0)
            for (std::size_t i = 0; i < g_.gl_pathc; ++i) out.emplace_back(g_.gl_pathv[i]);
        return out;
    }

private:
    glob_t g_{};
    int rc_ = 0;
};

cv::Mat to_grey(const cv::Mat& m) {
    if (m.channels() == 1) return m;
    cv::Mat g;
    cv::cvtColor(m, g, m.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    return g;
}

}  // namespace

std::vector<std::string> list_image_files(const std::string& path) {
    std::vector<std::string> out;
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        for (const auto& e : fs::directory_iterator(path, ec))
            if (e.is_regular_file() && is_image_name(e.path())) out.push_back(e.path().string());
    } else if (path.find_first_of("*?[") != std::string::npos) {
        for (auto& p : GlobResult(path).paths())
            if (is_image_name(p)) out.push_back(std::move(p));
    } else if (is_image_name(path)) {
        out.push_back(path);
    }
    std::sort(out.begin(), out.end());
    return out;
}

FileSource::FileSource(std::string path, const SourceOptions& options)
    : path_(std::move(path)), images_(list_image_files(path_)), start_ms_(options.now_ms) {
    const std::string quoted = "source 'file:" + path_ + "'";
    std::error_code ec;
    if (path_.empty()) throw ConfigError("source 'file:' needs a path (a video, a directory or a glob of images)");
    if (images_.empty()) {
        if (fs::is_directory(path_, ec) || path_.find_first_of("*?[") != std::string::npos)
            throw ConfigError(quoted + ": no images found (png, jpg, bmp, pgm, ppm, tif, webp)");
        if (!fs::is_regular_file(path_, ec)) throw ConfigError(quoted + ": no such file");
        if (!video_.open(path_)) throw ConfigError(quoted + ": not a video OpenCV can open");
        const double fps = video_.get(cv::CAP_PROP_FPS);
        fps_ = fps > 0.1 && fps < 1000.0 ? fps : 25.0;  // some containers do not say
    } else {
        fps_ = std::max(1, options.fps);
    }
    std::string labels_file = options.labels_file;
    if (labels_file.empty() && fs::is_regular_file(fs::path(path_) / "labels.csv", ec))
        labels_file = (fs::path(path_) / "labels.csv").string();
    if (!labels_file.empty()) labels_ = Labels::load(labels_file);

    std::ostringstream os;
    os << "file:" << path_ << " (";
    if (images_.empty()) os << "video, " << fps_ << " fps";
    else os << images_.size() << (images_.size() == 1 ? " image" : " images") << " at " << fps_ << " fps";
    if (labels_) os << ", labels " << fs::path(labels_file).filename().string();
    os << ")";
    description_ = os.str();
}

std::optional<cv::Mat> FileSource::video_frame(std::uint64_t index) {
    // Sequential reads only: seeking is slow and inexact in many codecs, and
    // ticks only move forward.
    while (video_next_ <= index) {
        cv::Mat m;
        if (!video_.read(m) || m.empty()) return std::nullopt;
        video_current_ = m;
        ++video_next_;
    }
    return video_current_;
}

bool FileSource::ended(std::int64_t t_ms) const {
    // A video's length is known only to some containers; one without it ends when read.
    const double frames = images_.empty() ? video_.get(cv::CAP_PROP_FRAME_COUNT) : static_cast<double>(images_.size());
    if (frames <= 0) return false;
    return static_cast<double>(t_ms - start_ms_) * fps_ / 1000.0 >= frames;
}

std::optional<Frame> FileSource::grab(std::int64_t t_ms) {
    if (t_ms < start_ms_) t_ms = start_ms_;
    const auto index = static_cast<std::uint64_t>(std::floor(static_cast<double>(t_ms - start_ms_) * fps_ / 1000.0));
    Frame f;
    if (!images_.empty()) {
        if (index >= images_.size()) return std::nullopt;
        f.grey = cv::imread(images_[index], cv::IMREAD_GRAYSCALE);
        if (f.grey.empty()) throw std::runtime_error("cannot read image " + images_[index]);
    } else {
        auto m = video_frame(index);
        if (!m) return std::nullopt;
        f.grey = to_grey(*m);
    }
    f.t_ms = t_ms;
    f.index = index;
    if (labels_) {
        if (auto s = labels_->at(index)) {
            GroundTruth truth;
            truth.state = *s;
            f.truth = truth;
        }
        if (!pressed_) {
            if (!f.truth) f.truth = GroundTruth();
            f.truth->calibrate = true;
            pressed_ = true;
        }
    }
    return f;
}

}  // namespace pg
