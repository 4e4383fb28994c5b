#include "pg/posture_state.hpp"

#include <array>

namespace pg {
namespace {
constexpr std::array<std::string_view, kPostureStateCount> kStateNames{
    "good", "forward_head", "slouch", "looking_down", "tilt",
    "away", "too_dark", "uncalibrated", "camera_error", "paused"};
constexpr std::array<std::string_view, kEventTypeCount> kEventNames{
    "alert", "snooze", "resume", "calibration", "calibration_failed",
    "break_reminder", "posture_corrected", "camera_moved"};
}  // namespace

std::string_view to_string(PostureState s) {
    auto i = static_cast<std::size_t>(s);
    return i < kStateNames.size() ? kStateNames[i] : "invalid";
}

std::optional<PostureState> posture_state_from_string(std::string_view name) {
    for (std::size_t i = 0; i < kStateNames.size(); ++i)
        if (kStateNames[i] == name) return static_cast<PostureState>(i);
    return std::nullopt;
}

std::optional<PostureState> posture_state_from_int(long long v) {
    if (v < 0 || v >= kPostureStateCount) return std::nullopt;
    return static_cast<PostureState>(v);
}

bool is_present(PostureState s) {
    switch (s) {
    case PostureState::good:
    case PostureState::forward_head:
    case PostureState::slouch:
    case PostureState::looking_down:
    case PostureState::tilt:
        return true;
    default:
        return false;
    }
}

bool is_monitored(PostureState s) { return s != PostureState::paused; }

bool is_bad_posture(PostureState s) {
    return is_present(s) && s != PostureState::good;
}

std::string_view to_string(EventType e) {
    auto i = static_cast<std::size_t>(e);
    return i < kEventNames.size() ? kEventNames[i] : "invalid";
}

std::optional<EventType> event_type_from_int(long long v) {
    if (v < 0 || v >= kEventTypeCount) return std::nullopt;
    return static_cast<EventType>(v);
}

}  // namespace pg
