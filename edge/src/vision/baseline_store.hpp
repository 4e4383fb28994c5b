#pragma once

#include <opencv2/core/types.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace pg {

// The user's neutral pose. Stored as fractions of the frame (x and width of the
// frame width, y and height of the frame height) so a change of capture size
// does not invalidate it.
struct Baseline {
    double cx = 0.0, cy = 0.0;  // face centre
    double width = 0.0, height = 0.0;
    std::int64_t t_ms = 0;  // when it was taken
    int frames = 0;         // observations the medians came from
    // Boxes differ between analyzers (BlazeFace's is tighter than a cascade's),
    // so a baseline only fits the analyzer that took it. Empty: any (old files).
    std::string analyzer;
    // The neutral head orientation, when the analyzer reads landmarks.
    struct Head {
        double roll_deg = 0.0;
        double aspect = 0.0;  // see HeadPose::aspect
        std::optional<double> pitch_deg;
    };
    std::optional<Head> head;

    cv::Rect2f face_in(cv::Size frame) const;
    static Baseline from_face(const cv::Rect2f& face, cv::Size frame);
    // Positive sizes and a centre inside the frame: anything else is corrupt.
    bool plausible() const;
};

// Keeps the baseline in a small JSON file. Writes are atomic (temp file, fsync,
// rename, fsync of the directory), so a power cut leaves the old or the new
// baseline, never half of one.
class BaselineStore {
public:
    explicit BaselineStore(std::filesystem::path file) : file_(std::move(file)) {}

    // nullopt when there is no file; a corrupt or unreadable file is logged as a
    // warning and also gives nullopt (the device runs uncalibrated, never crashes).
    std::optional<Baseline> load() const;
    // Throws std::system_error when the file cannot be written.
    void save(const Baseline& baseline) const;

    const std::filesystem::path& file() const { return file_; }

private:
    std::filesystem::path file_;
};

}  // namespace pg
