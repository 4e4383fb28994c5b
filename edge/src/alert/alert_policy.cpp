#include "alert/alert_policy.hpp"

#include <algorithm>

namespace pg {

AlertPolicy::AlertPolicy(AlertConfig config, QuietHours quiet, const Clock& clock,
                         std::chrono::milliseconds tick_length)
    : cfg_(std::move(config)), quiet_(std::move(quiet)), clock_(clock), tick_(tick_length.count()) {}

bool AlertPolicy::silenced(std::int64_t now) const {
    return !cfg_.enabled || snoozed_until_.has_value() || quiet_.contains(now);
}

Event AlertPolicy::snooze(int minutes) {
    auto now = clock_.now_ms();
    snoozed_until_ = now + static_cast<std::int64_t>(minutes) * 60000;
    return Event{now, EventType::snooze, minutes};
}

Event AlertPolicy::snooze_until(std::int64_t until_ms) {
    const auto now = clock_.now_ms();
    snoozed_until_ = std::max(until_ms, now);
    const auto minutes = static_cast<std::int32_t>((*snoozed_until_ - now + 59'999) / 60'000);
    return Event{now, EventType::snooze, minutes};
}

void AlertPolicy::reconfigure(AlertConfig config, QuietHours quiet) {
    cfg_ = std::move(config);
    quiet_ = std::move(quiet);
}

std::optional<Event> AlertPolicy::resume() {
    if (!snoozed_until_) return std::nullopt;
    snoozed_until_.reset();
    return Event{clock_.now_ms(), EventType::resume, 1};
}

AlertDecision AlertPolicy::tick(PostureState state) {
    const auto now = clock_.now_ms();
    AlertDecision d;
    if (snoozed_until_ && now >= *snoozed_until_) {
        snoozed_until_.reset();
        d.events.push_back({now, EventType::resume, 0});
    }
    track_presence(now, is_present(state), d);
    track_posture(now, state, d);
    return d;
}

void AlertPolicy::track_presence(std::int64_t now, bool present, AlertDecision& d) {
    if (!present) {
        if (!absent_since_) absent_since_ = now;
        if (now - *absent_since_ + tick_ >= cfg_.break_length.count()) {
            // A real break: sitting time, escalation and pending corrections start over.
            session_start_.reset();
            last_break_reminder_.reset();
            level_ = 0;
            awaiting_correction_ = false;
        }
        return;
    }
    absent_since_.reset();
    if (!session_start_) session_start_ = now;
    if (cfg_.break_after.count() <= 0 || silenced(now)) return;
    // Sitting time counts the current tick; the gap between reminders is tick to tick.
    bool due = last_break_reminder_ ? now - *last_break_reminder_ >= cfg_.break_after.count()
                                    : now - *session_start_ + tick_ >= cfg_.break_after.count();
    if (due) {
        last_break_reminder_ = now;
        auto minutes = static_cast<std::int32_t>((now - *session_start_ + tick_) / 60000);
        d.events.push_back({now, EventType::break_reminder, minutes});
        d.signal = AlertSignal::break_reminder;
    }
}

void AlertPolicy::track_posture(std::int64_t now, PostureState state, AlertDecision& d) {
    if (state == PostureState::good) {
        bad_since_.reset();
        if (!good_since_) good_since_ = now;
        if (awaiting_correction_ && last_alert_) {
            awaiting_correction_ = false;
            d.events.push_back({now, EventType::posture_corrected, static_cast<std::int32_t>((now - *last_alert_) / 1000)});
        }
        if (now - *good_since_ + tick_ >= cfg_.reset_after.count()) level_ = 0;
        return;
    }
    good_since_.reset();
    if (!is_bad_posture(state)) {
        bad_since_.reset();  // paused: away, too dark, uncalibrated, camera error
        return;
    }
    if (!bad_since_) bad_since_ = now;
    if (now - *bad_since_ + tick_ < cfg_.hold.count()) return;
    if (last_alert_ && now - *last_alert_ < cfg_.cooldown.count()) return;
    if (silenced(now)) return;
    last_alert_ = now;
    level_ = std::min(level_ + 1, std::max(cfg_.max_level, 1));
    awaiting_correction_ = true;
    d.events.push_back({now, EventType::alert, level_});
    // A posture alert outranks a break reminder in the same tick: one sound at a time.
    d.signal = AlertSignal::posture;
    d.level = level_;
}

}  // namespace pg
