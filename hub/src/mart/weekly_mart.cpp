#include "mart/weekly_mart.hpp"

#include "mart/grade.hpp"
#include "mart/iso_week.hpp"
#include "mart/local_day.hpp"
#include "mart/week_stats.hpp"

namespace pg::hub {

WeeklyMart::WeeklyMart(Database& db)
    : days_(db),
      upsert_(db.prepare(db.dialect().upsert(
          "weekly_mart",
          {"device_id", "week", "first_day", "days_with_data", "monitored_ms", "present_ms", "good_ms",
           "forward_head_ms", "slouch_ms", "looking_down_ms", "tilt_ms", "away_ms", "score_sum", "score_n", "alerts",
           "snoozes", "calibrations", "longest_good_ms", "longest_sitting_ms", "sessions", "breaks", "best_day",
           "worst_day", "grade", "paused_ms"},
          2))),
      erase_(db.prepare("DELETE FROM weekly_mart WHERE device_id = ?1 AND week = ?2")) {}

void WeeklyMart::refresh(std::int64_t device_id, const cctz::civil_day& monday) {
    const auto rows = days_.load(device_id, format_day(monday), format_day(monday + 6));
    const WeekStats w = summarize_week(monday, rows);
    const std::string key = week_key(monday);
    if (!w.total.has_data()) {
        erase_.run(device_id, key);
        return;
    }
    const DayStats& t = w.total;
    const auto s = [&](PostureState st) { return t.ms(st); };
    const auto g = grade_of(t);
    const std::optional<std::string> grade = g ? std::optional<std::string>(std::string(1, *g)) : std::nullopt;
    upsert_.run(device_id, key, format_day(monday), w.days_with_data, t.monitored_ms, t.present_ms,
                s(PostureState::good), s(PostureState::forward_head), s(PostureState::slouch),
                s(PostureState::looking_down), s(PostureState::tilt), s(PostureState::away), t.score_sum, t.score_n,
                t.alerts, t.snoozes, t.calibrations, t.longest_good_ms, t.longest_sitting_ms, t.sessions, t.breaks,
                w.best_day, w.worst_day, grade, t.paused_ms());
}

}  // namespace pg::hub
