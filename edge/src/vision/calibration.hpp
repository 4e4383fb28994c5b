#pragma once

#include "vision/baseline_store.hpp"
#include "vision/face_analyzer.hpp"

#include <opencv2/core/types.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace pg {

// "Sit up straight for a few seconds": collects observations for at least
// `duration` and `min_frames` ticks, then takes the median of the steady ones.
// People settle in for a moment after pressing the button: while the last
// `duration` is not steady enough the calibration waits (saying why) and
// judges the newest `duration` again each tick, for up to `patience` since the
// start; only then does it refuse.
class Calibration {
public:
    // Why a calibration was refused; the value of the calibration_failed event.
    enum class Failure : int { none = 0, face_not_steady = 1, moved_too_much = 2 };

    struct Result {
        std::optional<Baseline> baseline;  // set on success
        Failure failure = Failure::none;
        std::string reason;  // for the log: what went wrong and what to do
        int ticks = 0;       // frames seen
        int faces = 0;       // frames with a face
        int used = 0;        // steady frames the medians came from
    };

    Calibration(std::chrono::milliseconds duration, int min_frames);
    Calibration(std::chrono::milliseconds duration, int min_frames, std::chrono::milliseconds patience);

    void start(std::int64_t t_ms);
    bool active() const { return active_; }
    void cancel() { active_ = false; }
    // Feeds one tick (face nullopt when none was found); returns the result once
    // enough time and frames have been seen, and stops collecting.
    // `head` is the face's orientation when the analyzer reads landmarks.
    std::optional<Result> add(std::int64_t t_ms, const std::optional<cv::Rect2f>& face, cv::Size frame,
                              const std::optional<HeadPose>& head = std::nullopt);
    // While waiting for a steady window: why the last one was not (empty otherwise).
    const std::string& waiting_for() const { return waiting_; }

private:
    struct Tick {
        std::int64_t t_ms;
        std::optional<Baseline> seen;  // empty: no face this tick
    };
    Result judge(std::int64_t t_ms) const;

    std::chrono::milliseconds duration_;
    int min_frames_;
    std::chrono::milliseconds patience_;
    bool active_ = false;
    std::int64_t start_ms_ = 0;
    std::deque<Tick> window_;  // the newest `duration` of ticks (at least min_frames)
    std::string waiting_;
};

}  // namespace pg
