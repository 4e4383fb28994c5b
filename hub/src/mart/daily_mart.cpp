#include "mart/daily_mart.hpp"

#include "mart/day_builder.hpp"
#include "mart/day_stats.hpp"
#include "mart/grade.hpp"
#include "mart/iso_week.hpp"
#include "pg/log.hpp"

#include <set>
#include <utility>

namespace pg::hub {

DailyMart::DailyMart(Database& db)
    : rollups_(db),
      weeks_(db),
      db_(db),
      mark_(db.prepare(db.dialect().insert_or_ignore("dirty_days (device_id, day) VALUES (?1, ?2)"))),
      mark_minute_(db.prepare(db.dialect().insert_or_ignore("dirty_minutes (device_id, minute_ms) VALUES (?1, ?2)"))),
      dirty_devices_(db.prepare("SELECT device_id FROM dirty_minutes UNION SELECT device_id FROM dirty_days "
                                "ORDER BY 1")),
      dirty_minutes_(db.prepare("SELECT m.minute_ms, v.pruned_before_ms FROM dirty_minutes m "
                                "JOIN devices v ON v.id = m.device_id WHERE m.device_id = ?1 ORDER BY m.minute_ms")),
      clear_minutes_(db.prepare("DELETE FROM dirty_minutes WHERE device_id = ?1")),
      dirty_list_(db.prepare("SELECT d.day, v.tz, v.pruned_before_ms FROM dirty_days d "
                             "JOIN devices v ON v.id = d.device_id WHERE d.device_id = ?1 ORDER BY d.day")),
      clear_dirty_(db.prepare("DELETE FROM dirty_days WHERE device_id = ?1 AND day = ?2")),
      events_(db.prepare("SELECT type, count(*) FROM events WHERE device_id = ?1 AND t_ms >= ?2 AND t_ms < ?3 "
                         "GROUP BY type")),
      upsert_(db.prepare(db.dialect().upsert(
          "daily_mart",
          {"device_id", "day", "monitored_ms", "present_ms", "good_ms", "forward_head_ms", "slouch_ms",
           "looking_down_ms", "tilt_ms", "away_ms", "too_dark_ms", "uncalibrated_ms", "camera_error_ms", "score_sum",
           "score_n", "alerts", "first_sample_ms", "last_sample_ms", "score_p10", "score_p50", "score_p90", "snoozes",
           "calibrations", "longest_good_ms", "sessions", "longest_sitting_ms", "breaks", "break_ms", "grade",
           "paused_ms", "first_monitored_ms", "last_monitored_ms"},
          2))),
      erase_(db.prepare("DELETE FROM daily_mart WHERE device_id = ?1 AND day = ?2")),
      erase_hours_(db.prepare("DELETE FROM hourly_mart WHERE device_id = ?1 AND day = ?2")),
      insert_hour_(db.prepare("INSERT INTO hourly_mart (device_id, day, hour, present_ms, good_ms, score_sum, "
                              "score_n) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")) {}

void DailyMart::mark_dirty(std::int64_t device_id, const std::string& day) { mark_.run(device_id, day); }
void DailyMart::mark_minute(std::int64_t device_id, std::int64_t minute_ms) { mark_minute_.run(device_id, minute_ms); }

DayStats DailyMart::compute(std::int64_t device_id, const LocalCalendar& cal, const cctz::civil_day& day) {
    const TimeSpan span = cal.span_of(day);
    EventCounts ev;
    {
        auto c = events_.bind(device_id, span.begin_ms, span.end_ms);
        while (c.next()) {
            const auto type = event_type_from_int(c.int64(0));
            if (type == EventType::alert) ev.alerts = c.int64(1);
            if (type == EventType::snooze) ev.snoozes = c.int64(1);
            if (type == EventType::calibration) ev.calibrations = c.int64(1);
        }
    }
    const auto minutes = rollups_.load(device_id, span);
    return build_day(format_day(day), minutes, cal.zone(), ev);
}

void DailyMart::store(std::int64_t device_id, const DayStats& d) {
    erase_hours_.run(device_id, d.day);
    // A day without samples (only events arrived) has no row: the views treat
    // "no row" as "no data", so they never show a 0-minute day. A day only
    // paused has one: the user sees it was paused.
    if (!d.has_data()) {
        erase_.run(device_id, d.day);
        return;
    }
    const auto s = [&](PostureState st) { return d.ms(st); };
    const auto g = grade_of(d);
    const std::optional<std::string> grade = g ? std::optional<std::string>(std::string(1, *g)) : std::nullopt;
    upsert_.run(device_id, d.day, d.monitored_ms, d.present_ms, s(PostureState::good), s(PostureState::forward_head),
                s(PostureState::slouch), s(PostureState::looking_down), s(PostureState::tilt), s(PostureState::away),
                s(PostureState::too_dark), s(PostureState::uncalibrated), s(PostureState::camera_error), d.score_sum,
                d.score_n, d.alerts, d.first_sample_ms, d.last_sample_ms, d.p10, d.p50, d.p90, d.snoozes,
                d.calibrations, d.longest_good_ms, d.sessions, d.longest_sitting_ms, d.breaks, d.break_ms, grade,
                d.paused_ms(), d.first_monitored_ms, d.last_monitored_ms);
    for (int h = 0; h < 24; ++h) {
        const HourStats& hs = d.hours[static_cast<std::size_t>(h)];
        if (hs.present_ms == 0 && hs.score_n == 0) continue;
        insert_hour_.run(device_id, d.day, h, hs.present_ms, hs.good_ms, hs.score_sum, hs.score_n);
    }
}

void DailyMart::refresh_minutes(std::int64_t device_id) {
    struct Range {
        std::int64_t begin_ms, end_ms;
    };
    std::vector<Range> ranges;
    {
        auto c = dirty_minutes_.bind(device_id);
        while (c.next()) {
            const std::int64_t minute = c.int64(0);
            if (minute < c.int64(1)) {
                log::warn("hub", "late samples for a pruned minute of device ", device_id, " kept out of the marts");
                continue;
            }
            // Consecutive minutes are read in one scan: a day of backlog is one query.
            if (!ranges.empty() && ranges.back().end_ms == minute)
                ranges.back().end_ms = minute + kMinuteMs;
            else
                ranges.push_back({minute, minute + kMinuteMs});
        }
    }
    for (const auto& r : ranges) rollups_.recompute(device_id, r.begin_ms, r.end_ms);
    clear_minutes_.run(device_id);
}

int DailyMart::refresh_device(std::int64_t device_id) {
    refresh_minutes(device_id);
    struct Dirty {
        std::string day;
        std::string tz;
        std::int64_t pruned_before_ms;
    };
    std::vector<Dirty> dirty;
    {
        auto c = dirty_list_.bind(device_id);
        while (c.next()) dirty.push_back({c.text(0), c.text(1), c.int64(2)});
    }
    std::set<cctz::civil_day> weeks;
    int refreshed = 0;
    for (const auto& d : dirty) {
        const auto zone = load_zone(d.tz);
        const auto day = parse_day(d.day);
        // Both were validated before they were written; a failure here means the
        // file was edited by hand, which is worth stopping for.
        if (!zone || !day)
            throw StoreError("dirty day '" + d.day + "' in zone '" + d.tz + "' cannot be computed");
        const LocalCalendar cal(*zone);
        if (cal.span_of(*day).begin_ms >= d.pruned_before_ms) {
            store(device_id, compute(device_id, cal, *day));
            weeks.insert(week_monday(*day));
            ++refreshed;
        }
        clear_dirty_.run(device_id, d.day);
    }
    for (const auto& monday : weeks) weeks_.refresh(device_id, monday);
    return refreshed;
}

int DailyMart::refresh() {
    std::vector<std::int64_t> devices;
    {
        auto c = dirty_devices_.bind();
        while (c.next()) devices.push_back(c.int64(0));
    }
    int refreshed = 0;
    for (const auto device : devices) {
        // Several hubs on one PostgreSQL database: a device whose batches another
        // transaction is storing (or whose marts it is refreshing) is left to the
        // next refresh; its marks stay until then. Never waiting here means two
        // refreshes cannot deadlock. SQLite: always true (one writer).
        if (!db_.lock_device(device, false)) continue;
        refreshed += refresh_device(device);
    }
    return refreshed;
}

}  // namespace pg::hub
