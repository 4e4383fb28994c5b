#pragma once

#include "alert/alert_config.hpp"
#include "alert/quiet_hours.hpp"
#include "pg/batch.hpp"
#include "pg/clock.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace pg {

// What the buzzer should say this tick, if anything.
enum class AlertSignal { posture, break_reminder };

struct AlertDecision {
    std::vector<Event> events;           // for the batch stream
    std::optional<AlertSignal> signal;   // play a pattern
    int level = 0;                       // posture alerts: the escalation level
};

// Decides when to alert, from the per-tick posture state and an injected clock
// (ManualClock in tests: hours of timeline replay in milliseconds).
//
// Each tick stands for one `tick_length` (the analysis cadence), as each sample
// does in the wire format: a state held from t0 through the tick at t has lasted
// t - t0 + tick_length.
//  - Bad posture held for `hold` -> alert; again only after `cooldown`, one level
//    higher each time (up to max_level). Good posture held for `reset_after` resets
//    the level. A brief good moment ends the bad stretch: glances never alert.
//  - away / too_dark / uncalibrated / camera_error pause everything.
//  - Snooze, quiet hours and `enabled = false` silence alerts and break reminders;
//    a stretch that outlasts them alerts as soon as they end.
//  - Continuous presence for `break_after` -> a break reminder (and again after as
//    long again); absence for `break_length` is a break and starts over.
//  - After an alert, the first good tick yields `posture_corrected`.
// Event values: alert = level, snooze = minutes, resume = 1 by the user / 0 when
// the snooze ran out, break_reminder = minutes present, posture_corrected =
// seconds since the alert.
class AlertPolicy {
public:
    AlertPolicy(AlertConfig config, QuietHours quiet, const Clock& clock, std::chrono::milliseconds tick_length);

    AlertDecision tick(PostureState state);

    Event snooze(int minutes);
    // Until a moment (a local time, tomorrow's first monitoring); the event's
    // value is the snooze's length in whole minutes, rounded up.
    Event snooze_until(std::int64_t until_ms);
    // A reloaded configuration: what was going on (snooze, escalation, sitting
    // time) carries on under the new settings.
    void reconfigure(AlertConfig config, QuietHours quiet);
    // nullopt when there was no snooze to end.
    std::optional<Event> resume();

    std::optional<std::int64_t> snoozed_until() const { return snoozed_until_; }
    bool quiet_now() const { return quiet_.contains(clock_.now_ms()); }
    int level() const { return level_; }

private:
    bool silenced(std::int64_t now) const;
    void track_presence(std::int64_t now, bool present, AlertDecision& d);
    void track_posture(std::int64_t now, PostureState state, AlertDecision& d);

    AlertConfig cfg_;
    QuietHours quiet_;
    const Clock& clock_;
    std::int64_t tick_;
    std::optional<std::int64_t> snoozed_until_;

    std::optional<std::int64_t> bad_since_;
    std::optional<std::int64_t> good_since_;
    std::optional<std::int64_t> last_alert_;
    bool awaiting_correction_ = false;
    int level_ = 0;

    std::optional<std::int64_t> session_start_;  // continuous presence
    std::optional<std::int64_t> absent_since_;
    std::optional<std::int64_t> last_break_reminder_;
};

}  // namespace pg
