#include "mart/day_builder.hpp"

#include <algorithm>
#include <chrono>

namespace pg::hub {
namespace {

int local_hour(std::int64_t t_ms, const cctz::time_zone& tz) {
    const std::chrono::system_clock::time_point tp{std::chrono::milliseconds(t_ms)};
    return cctz::convert(std::chrono::time_point_cast<std::chrono::seconds>(tp), tz).hour();
}

// Longest good streak: runs inside minutes, and runs that pass minute borders
// where one minute's good tail meets the next one's good head without a gap.
std::int64_t longest_good(std::span<const MinuteRollup> minutes) {
    std::int64_t best = 0, run = 0;
    const MinuteRollup* prev = nullptr;
    for (const auto& m : minutes) {
        const bool joined = prev && run > 0 && continues(prev->last_ms, prev->last_dur_ms, m.first_ms);
        const std::int64_t start = (joined ? run : 0) + m.good_head_ms;
        best = std::max({best, m.good_best_ms, start});
        run = m.all_good() ? start : m.good_tail_ms;
        prev = &m;
    }
    return best;
}

// Paused time is neither sitting nor a break (nobody watched): a pause of a
// minute or more ends a session, and only the absence the device saw around it
// can count as a break.
void sitting_sessions(std::span<const MinuteRollup> minutes, DayStats& d) {
    std::int64_t begin = 0, end = 0;
    std::int64_t paused_in_gap = 0;  // paused time in the minutes since `end`
    bool open = false;
    const auto close = [&] {
        ++d.sessions;
        d.longest_sitting_ms = std::max(d.longest_sitting_ms, end - begin);
    };
    for (const auto& m : minutes) {
        if (m.present_ms() == 0) {
            if (open) paused_in_gap += m.ms(PostureState::paused);
            continue;
        }
        if (open && paused_in_gap == 0 && m.minute_ms - end < kBreakMs) {
            end = m.minute_ms + kMinuteMs;
            continue;
        }
        if (open) {
            close();
            const std::int64_t seen_away = std::max<std::int64_t>(0, m.minute_ms - end - paused_in_gap);
            if (seen_away >= kBreakMs) {
                ++d.breaks;
                d.break_ms += seen_away;
            }
        }
        begin = m.minute_ms;
        end = begin + kMinuteMs;
        paused_in_gap = 0;
        open = true;
    }
    if (open) close();
}

}  // namespace

std::optional<int> percentile(const std::array<std::int64_t, 256>& histogram, std::int64_t n, int p) {
    if (n <= 0) return std::nullopt;
    // Nearest rank: the smallest score with at least ceil(p% of n) scores at or below it.
    const std::int64_t rank = std::max<std::int64_t>(1, (p * n + 99) / 100);
    std::int64_t seen = 0;
    for (std::size_t s = 0; s < histogram.size(); ++s) {
        seen += histogram[s];
        if (seen >= rank) return static_cast<int>(s);
    }
    return std::nullopt;
}

DayStats build_day(const std::string& day, std::span<const MinuteRollup> minutes, const cctz::time_zone& tz,
                   const EventCounts& events) {
    DayStats d;
    d.day = day;
    d.alerts = events.alerts;
    d.snoozes = events.snoozes;
    d.calibrations = events.calibrations;
    std::array<std::int64_t, 256> histogram{};
    for (const auto& m : minutes) {
        for (std::size_t i = 0; i < m.state_ms.size(); ++i) d.state_ms[i] += m.state_ms[i];
        const std::int64_t present = m.present_ms();
        d.monitored_ms += m.monitored_ms();
        d.present_ms += present;
        d.score_sum += m.score_sum;
        d.score_n += m.score_n;
        for (auto s : m.scores) ++histogram[s];
        HourStats& h = d.hours[static_cast<std::size_t>(local_hour(m.minute_ms, tz))];
        h.present_ms += present;
        h.good_ms += m.ms(PostureState::good);
        h.score_sum += m.score_sum;
        h.score_n += m.score_n;
    }
    if (!minutes.empty()) {
        d.first_sample_ms = minutes.front().first_ms;
        d.last_sample_ms = minutes.back().last_ms;
    }
    for (const auto& m : minutes)
        if (m.monitored_ms() > 0) {
            if (d.first_monitored_ms == 0) d.first_monitored_ms = m.first_ms;
            d.last_monitored_ms = m.last_ms;
        }
    d.p10 = percentile(histogram, d.score_n, 10);
    d.p50 = percentile(histogram, d.score_n, 50);
    d.p90 = percentile(histogram, d.score_n, 90);
    d.longest_good_ms = longest_good(minutes);
    sitting_sessions(minutes, d);
    return d;
}

}  // namespace pg::hub
