#include "mart/day_rows.hpp"

namespace pg::hub {

DayRows::DayRows(const Database& db)
    : days_(db.prepare(
          "SELECT day, monitored_ms, present_ms, good_ms, forward_head_ms, slouch_ms, looking_down_ms, tilt_ms, "
          "away_ms, too_dark_ms, uncalibrated_ms, camera_error_ms, paused_ms, score_sum, score_n, alerts, "
          "first_sample_ms, last_sample_ms, score_p10, score_p50, score_p90, snoozes, calibrations, "
          "longest_good_ms, sessions, longest_sitting_ms, breaks, break_ms, first_monitored_ms, last_monitored_ms "
          "FROM daily_mart WHERE device_id = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day")),
      hours_(db.prepare("SELECT day, hour, present_ms, good_ms, score_sum, score_n FROM hourly_mart "
                        "WHERE device_id = ?1 AND day BETWEEN ?2 AND ?3")) {}

std::map<std::string, DayStats> DayRows::load(std::int64_t device_id, const std::string& from,
                                              const std::string& to, bool with_hours) {
    std::map<std::string, DayStats> out;
    {
        auto c = days_.bind(device_id, from, to);
        const auto opt = [&c](int col) {
            return c.is_null(col) ? std::nullopt : std::optional<int>(static_cast<int>(c.int64(col)));
        };
        while (c.next()) {
            DayStats d;
            d.day = c.text(0);
            d.monitored_ms = c.int64(1);
            d.present_ms = c.int64(2);
            // Columns 3..12 follow PostureState's numeric order (good = 0 ... paused = 9).
            static_assert(kPostureStateCount == 10, "a new state needs its daily_mart column");
            for (std::size_t i = 0; i < d.state_ms.size(); ++i) d.state_ms[i] = c.int64(3 + static_cast<int>(i));
            d.score_sum = c.int64(13);
            d.score_n = c.int64(14);
            d.alerts = c.int64(15);
            d.first_sample_ms = c.int64(16);
            d.last_sample_ms = c.int64(17);
            d.p10 = opt(18);
            d.p50 = opt(19);
            d.p90 = opt(20);
            d.snoozes = c.int64(21);
            d.calibrations = c.int64(22);
            d.longest_good_ms = c.int64(23);
            d.sessions = c.int64(24);
            d.longest_sitting_ms = c.int64(25);
            d.breaks = c.int64(26);
            d.break_ms = c.int64(27);
            d.first_monitored_ms = c.int64(28);
            d.last_monitored_ms = c.int64(29);
            out.emplace(d.day, std::move(d));
        }
    }
    if (!with_hours) return out;
    auto h = hours_.bind(device_id, from, to);
    while (h.next()) {
        auto it = out.find(h.text(0));
        const auto hour = h.int64(1);
        if (it == out.end() || hour < 0 || hour > 23) continue;
        HourStats& s = it->second.hours[static_cast<std::size_t>(hour)];
        s.present_ms = h.int64(2);
        s.good_ms = h.int64(3);
        s.score_sum = h.int64(4);
        s.score_n = h.int64(5);
    }
    return out;
}

}  // namespace pg::hub
