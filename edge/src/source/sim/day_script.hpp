#pragma once

#include "source/sim/timeline.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pg::sim {

using std::chrono::minutes;
using std::chrono::seconds;

// One day of a scenario in local terms: the window opens at a local time of day and
// the user's behaviour follows as a sequence of timed steps. Scenarios write these;
// place_days() turns them into absolute time in the device's zone.
class DayScript {
public:
    explicit DayScript(seconds window_start_local) : start_(window_start_local) {}

    // Appends a step; the pose drifts from `from` to `to` across it.
    void add(PostureState state, std::chrono::milliseconds length, Pose from, Pose to,
             std::chrono::milliseconds ramp = std::chrono::milliseconds(kDefaultRampMs));
    void add(PostureState state, std::chrono::milliseconds length, Pose pose) { add(state, length, pose, pose); }
    void away(std::chrono::milliseconds length) { add(PostureState::away, length, Pose::nobody()); }
    void good(std::chrono::milliseconds length) { add(PostureState::good, length, Pose::upright()); }
    // Stays in `state` until a local time of day (at least `min_length` if that
    // time has already passed, so a late morning never produces an empty step).
    void until(PostureState state, seconds local_time, Pose pose, minutes min_length = minutes(5));
    // The user presses "calibrate" now (at the current end of the script).
    void press_calibrate() { presses_.push_back(elapsed_); }

    seconds window_start() const { return start_; }
    seconds now_local() const { return start_ + std::chrono::duration_cast<seconds>(elapsed_); }

    struct Step {
        std::chrono::milliseconds offset;
        std::chrono::milliseconds length;
        PostureState state;
        Pose from;
        Pose to;
        std::chrono::milliseconds ramp;
    };
    const std::vector<Step>& steps() const { return steps_; }
    const std::vector<std::chrono::milliseconds>& presses() const { return presses_; }
    std::chrono::milliseconds length() const { return elapsed_; }

private:
    seconds start_;
    std::chrono::milliseconds elapsed_{0};
    std::vector<Step> steps_;
    std::vector<std::chrono::milliseconds> presses_;
};

inline seconds local_time(int hour, int minute) { return std::chrono::hours(hour) + minutes(minute); }

// Which local days to simulate and where.
struct DayPlan {
    int year = 1970, month = 1, day = 1;  // first local day
    int days = 1;
    std::string timezone = "UTC";
    // --speed real: shift the whole timeline so its first day starts now.
    std::optional<std::int64_t> start_at_ms;
};

// Where the day that starts the timeline falls: the N days ending yesterday in
// `timezone`, seen from `now_ms`. Throws ConfigError for an unknown zone.
void plan_days_ending_yesterday(DayPlan& plan, std::int64_t now_ms);

// Anchors each script's window start to its local date (DST-aware through cctz;
// steps are real durations from there) and returns the absolute days.
struct PlacedDays {
    std::vector<Day> days;
    std::vector<std::int64_t> presses;
};
PlacedDays place_days(const std::vector<DayScript>& scripts, const DayPlan& plan);

}  // namespace pg::sim
