#pragma once

#include "control/schedule.hpp"

#include <cstdint>
#include <optional>
#include <string_view>

namespace pg {

// Who paused monitoring. Shown in the state topic ("paused_by").
enum class PauseCause { command, button, schedule };
std::string_view to_string(PauseCause c);

struct PauseStatus {
    bool paused = false;
    std::optional<PauseCause> by;
    std::optional<std::int64_t> until;  // when monitoring comes back by itself; nullopt: not by itself
};

// Whether the device watches now: a pause the user asked for (indefinite or
// until a time) and the monitoring schedule. A user's pause wins over the
// schedule in what is reported; resume ends the user's pause only, so outside
// the schedule the device stays paused until the schedule starts again.
class PauseState {
public:
    explicit PauseState(MonitoringSchedule schedule) : schedule_(std::move(schedule)) {}

    void pause(std::optional<std::int64_t> until_ms, PauseCause by);
    // Ends the user's pause; false when there was none.
    bool resume();
    // Ends a timed pause whose time has come; true when one did.
    bool expire(std::int64_t now_ms);
    bool user_paused() const { return user_.has_value(); }
    PauseStatus status(std::int64_t now_ms) const;

    const MonitoringSchedule& schedule() const { return schedule_; }
    void set_schedule(MonitoringSchedule schedule) { schedule_ = std::move(schedule); }

private:
    struct UserPause {
        std::optional<std::int64_t> until;
        PauseCause by;
    };
    MonitoringSchedule schedule_;
    std::optional<UserPause> user_;
};

}  // namespace pg
