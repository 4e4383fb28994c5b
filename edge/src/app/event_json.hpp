#pragma once

#include "pg/batch.hpp"

#include <cstdint>
#include <string>

namespace pg {

// One message on <prefix>/<dev>/event (QoS 1, not retained) per event, as it
// happens — the batch stream carries the same events for the hub:
//   {"event_type":"alert","value":2,"device":"desk-1","t":"2026-03-10T09:00:00.600+01:00","alerts_today":3}
// `event_type` is the event's name (pg/posture_state.hpp), as Home Assistant's
// event entity wants it; `value` as in the batch (alert: escalation level,
// snooze: minutes, camera_moved: sideways offset in face widths × 100, ...). Pure.
std::string format_event_json(const Event& event, const std::string& device, const std::string& zone,
                              std::uint64_t alerts_today);

}  // namespace pg
