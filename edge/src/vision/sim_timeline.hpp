#pragma once

#include "pg/posture_state.hpp"

#include <cstdint>
#include <vector>

namespace pg::sim {

// Where and how big the user's face is, relative to their neutral (calibrated) pose.
struct Pose {
    bool present = false;
    double scale = 1.0;  // face width / neutral width (pinhole: leaning in grows it)
    double drop = 0.0;   // face centre drop in neutral face heights, + = lower
    double shift = 0.0;  // lateral offset in neutral face widths, + = right

    static Pose nobody() { return {}; }
    static Pose upright() { return {true, 1.0, 0.0, 0.0}; }
    static Pose leaning(double scale, double drop) { return {true, scale, drop, 0.0}; }
    static Pose slumped(double drop, double scale) { return {true, scale, drop, 0.0}; }
};

// One scripted stretch of behaviour; the pose drifts linearly from `from` to `to`
// so slow creeps need no extra machinery.
struct Segment {
    std::int64_t begin_ms = 0;
    std::int64_t end_ms = 0;
    PostureState state = PostureState::away;
    Pose from;
    Pose to;
};

// A simulated day: only [begin_ms, end_ms) is rendered; nights are skipped.
struct Day {
    std::int64_t begin_ms = 0;
    std::int64_t end_ms = 0;
    std::vector<Segment> segments;  // contiguous, covering the whole day
};

// The scripted posture of the user as an exact function of time, so any tick
// cadence samples the same story.
class Timeline {
public:
    Timeline(std::vector<Day> days, std::vector<std::int64_t> calibrate_presses,
             std::uint64_t sway_seed);

    std::int64_t begin_ms() const { return days_.front().begin_ms; }
    std::int64_t end_ms() const { return days_.back().end_ms; }
    const std::vector<Day>& days() const { return days_; }

    // The state the scene shows at t (away outside the scripted days).
    PostureState state_at(std::int64_t t_ms) const;
    // The pose drawn at t: the segment's drift, a short ramp from the previous
    // pose (people move in a second or two, not instantly) and a natural sway.
    Pose pose_at(std::int64_t t_ms) const;
    // The first tick at or after `proposed`, jumping over nights.
    std::int64_t next_tick_ms(std::int64_t proposed_ms) const;
    // Whether the user pressed "calibrate" in (after_ms, at_ms].
    bool calibrate_pressed(std::int64_t after_ms, std::int64_t at_ms) const;

private:
    struct Where {
        const Day* day = nullptr;
        std::size_t index = 0;
    };
    Where find(std::int64_t t_ms) const;
    Pose sway(std::int64_t t_ms) const;

    std::vector<Day> days_;
    std::vector<std::int64_t> presses_;
    double phase_[4] = {};
};

}  // namespace pg::sim
