#include "mart/minute_rollup.hpp"

#include <algorithm>

namespace pg::hub {

std::int64_t MinuteRollup::monitored_ms() const { return sampled_ms() - ms(PostureState::paused); }

std::int64_t MinuteRollup::sampled_ms() const {
    std::int64_t sum = 0;
    for (auto v : state_ms) sum += v;
    return sum;
}

std::int64_t MinuteRollup::present_ms() const {
    std::int64_t sum = 0;
    for (int i = 0; i < kPostureStateCount; ++i)
        if (is_present(static_cast<PostureState>(i))) sum += state_ms[static_cast<std::size_t>(i)];
    return sum;
}

PostureState MinuteRollup::dominant() const {
    const auto it = std::max_element(state_ms.begin(), state_ms.end());
    return static_cast<PostureState>(it - state_ms.begin());
}

MinuteRollup roll_up(std::int64_t minute_ms, std::span<const RawSample> samples) {
    MinuteRollup r;
    r.minute_ms = minute_ms;
    if (samples.empty()) return r;
    r.first_ms = samples.front().t_ms;
    std::int64_t run = 0;  // the good run ending at the previous sample
    bool head_open = true;  // still inside the run that began at the first sample
    const RawSample* prev = nullptr;
    for (const auto& s : samples) {
        r.state_ms[static_cast<std::size_t>(s.state)] += s.dur_ms;
        if (is_present(s.state)) {
            r.score_sum += s.score;
            ++r.score_n;
            r.scores.push_back(static_cast<std::uint8_t>(std::clamp(s.score, 0, 255)));
        }
        const bool joined = prev && continues(prev->t_ms, prev->dur_ms, s.t_ms);
        if (s.state == PostureState::good) {
            run = (joined ? run : 0) + s.dur_ms;
        } else {
            run = 0;
        }
        if (head_open && (s.state != PostureState::good || (prev && !joined))) head_open = false;
        if (head_open) r.good_head_ms = run;
        r.good_best_ms = std::max(r.good_best_ms, run);
        prev = &s;
    }
    r.good_tail_ms = run;
    r.last_ms = samples.back().t_ms;
    r.last_dur_ms = samples.back().dur_ms;
    std::sort(r.scores.begin(), r.scores.end());
    return r;
}

}  // namespace pg::hub
