#pragma once

#include "control/pause_state.hpp"
#include "pg/batch.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace pg {

// What the retained postureguard/<dev>/state message says. Formats:
// edge/common/STATE-AND-COMMANDS.md.
struct DeviceStatus {
    std::string device;
    Sample sample;               // the latest tick: state, score, metrics
    std::int64_t since_ms = 0;   // when the current state began
    bool calibrated = false;
    std::optional<std::int64_t> snoozed_until_ms;
    PauseStatus pause;           // state "paused": who paused and until when
    bool quiet_hours = false;
    int alert_level = 0;
    bool camera_moved = false;   // the face far from the baseline for long: recalibrate
};

// Pure: one JSON object, times as ISO 8601 with the device zone's offset.
std::string format_state_json(const DeviceStatus& status, const std::string& zone);
// "2025-03-10T09:12:00.600+01:00"; UTC ("Z") if the zone is unknown.
std::string iso8601(std::int64_t t_ms, const std::string& zone);

// When to (re)publish the state: at once on a change, but at most once per
// `min_gap`, and at least every `refresh` so a late subscriber sees it is alive.
class StateThrottle {
public:
    StateThrottle(std::chrono::milliseconds min_gap, std::chrono::milliseconds refresh);
    // `key` holds the fields whose change is news (state, calibrated, snooze).
    bool due(std::int64_t now_ms, const std::string& key) const;
    void published(std::int64_t now_ms, const std::string& key);

private:
    std::int64_t min_gap_;
    std::int64_t refresh_;
    std::optional<std::int64_t> last_;
    std::string last_key_;
};

}  // namespace pg
