#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace pg {

// Numeric values are part of wire format v1 (WIRE-FORMAT.md): append only.
enum class PostureState : std::uint8_t {
    good = 0,
    forward_head = 1,
    slouch = 2,
    looking_down = 3,
    tilt = 4,
    away = 5,
    too_dark = 6,
    uncalibrated = 7,
    camera_error = 8,
    // Monitoring is off: paused by the user or outside the monitoring schedule,
    // with the camera stopped. Not monitored, not present, not away.
    paused = 9,
};
inline constexpr int kPostureStateCount = 10;

std::string_view to_string(PostureState s);
std::optional<PostureState> posture_state_from_string(std::string_view name);
std::optional<PostureState> posture_state_from_int(long long v);

// The user is at the desk and the analysis could judge the posture.
bool is_present(PostureState s);
// The device was watching (whatever it saw): every state but `paused`.
bool is_monitored(PostureState s);
bool is_bad_posture(PostureState s);

// Numeric values are part of wire format v1: append only.
enum class EventType : std::uint8_t {
    alert = 0,
    snooze = 1,
    resume = 2,
    calibration = 3,
    calibration_failed = 4,
    break_reminder = 5,
    posture_corrected = 6,
    camera_moved = 7,
};
inline constexpr int kEventTypeCount = 8;

std::string_view to_string(EventType e);
std::optional<EventType> event_type_from_int(long long v);

}  // namespace pg
