#pragma once

#include "pg/posture_state.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace pg::hub {

// One local hour of a day: what the hourly profile shows.
struct HourStats {
    std::int64_t present_ms = 0;
    std::int64_t good_ms = 0;
    std::int64_t score_sum = 0;
    std::int64_t score_n = 0;

    bool operator==(const HourStats&) const = default;
};

// One row of daily_mart (plus its hourly_mart rows): how a device's local day went.
struct DayStats {
    std::string day;  // 'YYYY-MM-DD' in the device's zone
    std::array<std::int64_t, kPostureStateCount> state_ms{};
    std::int64_t monitored_ms = 0;  // = sum of state_ms but paused
    std::int64_t present_ms = 0;    // states where posture could be judged
    std::int64_t score_sum = 0;     // over present samples
    std::int64_t score_n = 0;
    // Nearest-rank percentiles of present samples' scores; none without presence.
    std::optional<int> p10, p50, p90;
    std::int64_t alerts = 0;
    std::int64_t snoozes = 0;
    std::int64_t calibrations = 0;
    std::int64_t longest_good_ms = 0;     // longest run of consecutive good samples
    std::int64_t sessions = 0;            // sitting sessions (to the minute)
    std::int64_t longest_sitting_ms = 0;  // longest of them
    std::int64_t breaks = 0;              // gaps between sessions
    std::int64_t break_ms = 0;
    std::int64_t first_sample_ms = 0;
    std::int64_t last_sample_ms = 0;
    // First and last sample of the minutes with monitored time (0 without any):
    // what the day view shows as the monitored span when pauses surround it.
    std::int64_t first_monitored_ms = 0;
    std::int64_t last_monitored_ms = 0;
    std::array<HourStats, 24> hours{};

    bool operator==(const DayStats&) const = default;

    std::int64_t ms(PostureState s) const { return state_ms[static_cast<std::size_t>(s)]; }
    std::int64_t paused_ms() const { return ms(PostureState::paused); }
    // A day has a mart row when the device watched or was paused: a paused day
    // is shown (so the user sees why nothing was monitored), it just has no grade.
    bool has_data() const { return monitored_ms > 0 || paused_ms() > 0; }
    // The device watched at some time that day: what averages count as a day.
    bool was_monitored() const { return monitored_ms > 0; }
    // Average score of present samples; 0 when nobody sat there.
    double avg_score() const { return score_n ? static_cast<double>(score_sum) / static_cast<double>(score_n) : 0.0; }
    // Share of present time spent in good posture, 0..1; what the grade is made of.
    double good_share() const {
        return present_ms ? static_cast<double>(ms(PostureState::good)) / static_cast<double>(present_ms) : 0.0;
    }
};

}  // namespace pg::hub
