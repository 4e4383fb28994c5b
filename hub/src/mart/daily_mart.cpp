#include "mart/daily_mart.hpp"

#include "mart/day_stats.hpp"
#include "pg/posture_state.hpp"

#include <algorithm>
#include <utility>

namespace pg::hub {

DailyMart::DailyMart(Database& db)
    : mark_(db.prepare("INSERT OR IGNORE INTO dirty_days (device_id, day) VALUES (?1, ?2)")),
      dirty_list_(db.prepare("SELECT d.device_id, d.day, v.tz FROM dirty_days d JOIN devices v ON v.id = d.device_id "
                             "ORDER BY d.device_id, d.day")),
      clear_dirty_(db.prepare("DELETE FROM dirty_days WHERE device_id = ?1 AND day = ?2")),
      by_state_(db.prepare("SELECT state, sum(dur_ms), sum(score), count(*), min(t_ms), max(t_ms) FROM samples "
                           "WHERE device_id = ?1 AND t_ms >= ?2 AND t_ms < ?3 GROUP BY state")),
      alerts_(db.prepare("SELECT count(*) FROM events WHERE device_id = ?1 AND type = ?2 AND t_ms >= ?3 AND t_ms < ?4")),
      upsert_(db.prepare(
          "INSERT OR REPLACE INTO daily_mart (device_id, day, monitored_ms, present_ms, good_ms, forward_head_ms, "
          "slouch_ms, looking_down_ms, tilt_ms, away_ms, too_dark_ms, uncalibrated_ms, camera_error_ms, score_sum, "
          "score_n, alerts, first_sample_ms, last_sample_ms) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)")),
      erase_(db.prepare("DELETE FROM daily_mart WHERE device_id = ?1 AND day = ?2")) {}

void DailyMart::mark_dirty(std::int64_t device_id, const std::string& day) { mark_.run(device_id, day); }

DayStats DailyMart::compute(std::int64_t device_id, const LocalCalendar& cal, const cctz::civil_day& day) {
    const TimeSpan span = cal.span_of(day);
    DayStats d;
    d.day = format_day(day);
    bool any = false;
    auto c = by_state_.bind(device_id, span.begin_ms, span.end_ms);
    while (c.next()) {
        // Unknown numbers cannot get here (the decoder refuses them) but a state
        // a newer edge adds must not index out of the array.
        const auto state = posture_state_from_int(c.int64(0));
        if (!state) continue;
        const std::int64_t ms = c.int64(1);
        d.state_ms[static_cast<std::size_t>(*state)] += ms;
        d.monitored_ms += ms;
        if (is_present(*state)) {
            d.present_ms += ms;
            d.score_sum += c.int64(2);
            d.score_n += c.int64(3);
        }
        d.first_sample_ms = any ? std::min(d.first_sample_ms, c.int64(4)) : c.int64(4);
        d.last_sample_ms = any ? std::max(d.last_sample_ms, c.int64(5)) : c.int64(5);
        any = true;
    }
    auto a = alerts_.bind(device_id, static_cast<int>(EventType::alert), span.begin_ms, span.end_ms);
    if (a.next()) d.alerts = a.int64(0);
    return d;
}

void DailyMart::store(std::int64_t device_id, const DayStats& d) {
    // A day whose samples are all gone (pruned, or only events arrived) has no row:
    // the views treat "no row" as "no data", so they never show a 0-minute day.
    if (!d.has_data()) {
        erase_.run(device_id, d.day);
        return;
    }
    const auto s = [&](PostureState st) { return d.ms(st); };
    upsert_.run(device_id, d.day, d.monitored_ms, d.present_ms, s(PostureState::good), s(PostureState::forward_head),
                s(PostureState::slouch), s(PostureState::looking_down), s(PostureState::tilt), s(PostureState::away),
                s(PostureState::too_dark), s(PostureState::uncalibrated), s(PostureState::camera_error), d.score_sum,
                d.score_n, d.alerts, d.first_sample_ms, d.last_sample_ms);
}

int DailyMart::refresh() {
    struct Dirty {
        std::int64_t device_id;
        std::string day;
        std::string tz;
    };
    std::vector<Dirty> dirty;
    {
        auto c = dirty_list_.bind();
        while (c.next()) dirty.push_back({c.int64(0), c.text(1), c.text(2)});
    }
    for (const auto& d : dirty) {
        const auto zone = load_zone(d.tz);
        const auto day = parse_day(d.day);
        // Both were validated before they were written; a failure here means the
        // file was edited by hand, which is worth stopping for.
        if (!zone || !day)
            throw StoreError("dirty day '" + d.day + "' in zone '" + d.tz + "' cannot be computed");
        const LocalCalendar cal(*zone);
        store(d.device_id, compute(d.device_id, cal, *day));
        clear_dirty_.run(d.device_id, d.day);
    }
    return static_cast<int>(dirty.size());
}

}  // namespace pg::hub
