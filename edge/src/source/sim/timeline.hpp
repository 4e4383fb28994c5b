#pragma once

#include "pg/posture_state.hpp"

#include <cstdint>
#include <vector>

namespace pg::sim {

// How the user sits and holds their head, relative to their neutral
// (calibrated) pose; the scene draws it as a head in 3-D (see HeadRig).
struct Pose {
    bool present = false;
    double scale = 1.0;  // neutral distance / distance: the face's width ratio (leaning in grows it)
    double drop = 0.0;   // the face's middle lower in the picture, in neutral face heights
    double shift = 0.0;  // and to the right, in neutral face widths
    // Head rotation about the top of the neck, degrees (HeadPoseSolver's conventions).
    double pitch = 0.0;  // + = looking down
    double yaw = 0.0;    // + = nose towards the image's right (a second monitor)
    double roll = 0.0;   // + = clockwise in the picture (the right ear towards the right shoulder)
    // 0..1: the head keeps moving a few degrees and the mouth opening and
    // closing, as when talking (see Timeline).
    double talk = 0.0;
    double jaw = 0.0;    // the mouth's opening, degrees of jaw rotation (Timeline sets it from talk)
    double hand = 0.0;   // 0..1: a hand raised to the chin, covering the lower face
    // The room and the sensor: lights (1 = normal, 0 = black) and extra noise.
    double light = 1.0;
    double noise = 0.0;  // extra Gaussian sensor noise, grey levels
    // Someone walking past behind the user: their face centre in frame widths
    // (drawn at half the user's size); < -0.5 = nobody.
    double passer = -1.0;

    static Pose nobody() { return {}; }
    static Pose upright() { return leaning(1.0, 0.0); }
    static Pose leaning(double scale, double drop) {
        Pose p;
        p.present = true;
        p.scale = scale;
        p.drop = drop;
        return p;
    }
    static Pose slumped(double drop, double scale) { return leaning(scale, drop); }
    // Modifiers, so scripts read like "upright().with_light(0.3)".
    Pose with_light(double v) const { Pose p = *this; p.light = v; return p; }
    Pose with_noise(double v) const { Pose p = *this; p.noise = v; return p; }
    Pose with_hand(double v) const { Pose p = *this; p.hand = v; return p; }
    Pose with_passer(double x) const { Pose p = *this; p.passer = x; return p; }
    Pose talking(double v = 1.0) const { Pose p = *this; p.talk = v; return p; }
    Pose turned(double yaw_deg, double shift_widths) const {
        Pose p = *this;
        p.yaw = yaw_deg;
        p.shift = shift_widths;
        return p;
    }
    // The head alone turns: the neck moves it, the body stays.
    Pose head(double pitch_deg, double yaw_deg = 0.0, double roll_deg = 0.0) const {
        Pose p = *this;
        p.pitch = pitch_deg;
        p.yaw = yaw_deg;
        p.roll = roll_deg;
        return p;
    }
};

// How long moving into a step's pose takes unless the step says otherwise:
// people settle into a posture in a second or two, but glance in a fraction.
inline constexpr std::int64_t kDefaultRampMs = 1500;

// One scripted stretch of behaviour; the pose drifts linearly from `from` to `to`
// so slow creeps need no extra machinery.
struct Segment {
    std::int64_t begin_ms = 0;
    std::int64_t end_ms = 0;
    PostureState state = PostureState::away;
    Pose from;
    Pose to;
    std::int64_t ramp_ms = kDefaultRampMs;
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
    Pose sway(std::int64_t t_ms, double talk) const;

    std::vector<Day> days_;
    std::vector<std::int64_t> presses_;
    double phase_[15] = {};
};

}  // namespace pg::sim
