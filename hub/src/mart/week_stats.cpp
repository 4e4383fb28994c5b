#include "mart/week_stats.hpp"

#include "mart/local_day.hpp"

#include <algorithm>

namespace pg::hub {

WeekStats summarize_week(const cctz::civil_day& first, const std::map<std::string, DayStats>& days) {
    WeekStats w;
    w.first = first;
    w.total.day = format_day(first);
    double best = -1.0, worst = 2.0;
    for (int i = 0; i < 7; ++i) {
        auto it = days.find(format_day(first + i));
        if (it == days.end()) continue;
        const DayStats& d = it->second;
        DayStats& t = w.total;
        t.state_ms[static_cast<std::size_t>(PostureState::paused)] += d.paused_ms();
        // A day only paused is not a day of the averages.
        if (!d.was_monitored()) continue;
        ++w.days_with_data;
        for (std::size_t s = 0; s < d.state_ms.size(); ++s)
            if (is_monitored(static_cast<PostureState>(s))) t.state_ms[s] += d.state_ms[s];
        t.monitored_ms += d.monitored_ms;
        t.present_ms += d.present_ms;
        t.score_sum += d.score_sum;
        t.score_n += d.score_n;
        t.alerts += d.alerts;
        t.snoozes += d.snoozes;
        t.calibrations += d.calibrations;
        t.sessions += d.sessions;
        t.breaks += d.breaks;
        t.break_ms += d.break_ms;
        t.longest_good_ms = std::max(t.longest_good_ms, d.longest_good_ms);
        t.longest_sitting_ms = std::max(t.longest_sitting_ms, d.longest_sitting_ms);
        if (d.present_ms <= 0) continue;
        // Strict comparisons: on a tie the earlier day keeps the title.
        if (d.good_share() > best) {
            best = d.good_share();
            w.best_day = d.day;
        }
        if (d.good_share() < worst) {
            worst = d.good_share();
            w.worst_day = d.day;
        }
    }
    return w;
}

}  // namespace pg::hub
