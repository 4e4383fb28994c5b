#pragma once

#include "pg/posture_state.hpp"

#include <array>
#include <cstdint>
#include <string>

namespace pg::hub {

// One row of daily_mart: how a device's local day went.
struct DayStats {
    std::string day;  // 'YYYY-MM-DD' in the device's zone
    std::array<std::int64_t, kPostureStateCount> state_ms{};
    std::int64_t monitored_ms = 0;  // = sum of state_ms
    std::int64_t present_ms = 0;    // states where posture could be judged
    std::int64_t score_sum = 0;     // over present samples
    std::int64_t score_n = 0;
    std::int64_t alerts = 0;
    std::int64_t first_sample_ms = 0;
    std::int64_t last_sample_ms = 0;

    std::int64_t ms(PostureState s) const { return state_ms[static_cast<std::size_t>(s)]; }
    bool has_data() const { return monitored_ms > 0; }
    // Average score of present samples; 0 when nobody sat there.
    double avg_score() const { return score_n ? static_cast<double>(score_sum) / static_cast<double>(score_n) : 0.0; }
    // Share of present time spent in good posture, 0..1; what the grade is made of.
    double good_share() const {
        return present_ms ? static_cast<double>(ms(PostureState::good)) / static_cast<double>(present_ms) : 0.0;
    }
};

}  // namespace pg::hub
