#pragma once

#include "source/frame_source.hpp"
#include "vision/face_analyzer.hpp"

#include <opencv2/core.hpp>

#include <deque>
#include <filesystem>
#include <random>
#include <string>

namespace pg::test {

// A fixed "now" for sim sources: 2026-03-10 12:00 UTC, so the default days
// (ending yesterday) never depend on when the tests run.
inline constexpr std::int64_t kNowMs = 1773144000000;

inline SourceOptions sim_options(int width = 320, int height = 240) {
    SourceOptions o;
    o.width = width;
    o.height = height;
    o.now_ms = kNowMs;
    return o;
}

inline std::string face_photo() { return std::string(PG_TEST_DATA_DIR) + "/faces/astronaut.png"; }
inline std::string face_photo(const std::string& name) { return std::string(PG_TEST_DATA_DIR) + "/faces/" + name; }

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("pg_vision_test_" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Plays back scripted observations, so the tracker can be tested without pixels.
class ScriptedAnalyzer final : public FaceAnalyzer {
public:
    explicit ScriptedAnalyzer(std::deque<Observation>* script) : script_(script) {}
    Observation analyze(const cv::Mat&) override {
        if (script_->empty()) return Observation{false, {}, 0.0, 0, 128.0, std::nullopt, {}};
        Observation o = script_->front();
        script_->pop_front();
        return o;
    }
    std::string name() const override { return "scripted"; }

private:
    std::deque<Observation>* script_;
};

inline Observation face_at(float cx, float cy, float w, double brightness = 128.0) {
    return Observation{true, cv::Rect2f(cx - w / 2, cy - w / 2, w, w), 10.0, 1, brightness, std::nullopt, {}};
}
inline Observation no_face(double brightness = 128.0) { return Observation{false, {}, 0.0, 0, brightness, std::nullopt, {}}; }

}  // namespace pg::test
