#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace pg {

// The topics Home Assistant's entities read and write, all below <prefix>/<dev>/.
struct HaTopics {
    std::string state;         // retained JSON state (edge/common/STATE-AND-COMMANDS.md)
    std::string stats;         // periodic JSON stats
    std::string event;         // one JSON message per event (alert, break reminder, camera moved, ...)
    std::string cmd;           // JSON commands
    std::string availability;  // online / offline (Last Will)
    static HaTopics of(const std::string& prefix, const std::string& device);
};

struct HaEntityTiming {
    // The state topic is re-published at least this often (kStateRefresh in
    // control/edge_control.cpp); sensors fed by it go unavailable after a few
    // missed refreshes, so a hung device never looks fine.
    std::chrono::seconds state_refresh{60};
    std::chrono::seconds stats_interval{60};
};

// The `cmps` map of the device-based discovery message: one entry per entity,
// keyed by a component id that stays stable across versions (Home Assistant ties
// the entity to it). Abbreviated keys as documented by Home Assistant. Pure.
nlohmann::ordered_json ha_components(const std::string& device, const HaTopics& topics, const HaEntityTiming& timing);

// The event types published on HaTopics::event: the batch stream's event kinds by
// their names (pg/posture_state.hpp), with "alert" for a posture alert.
nlohmann::ordered_json ha_event_types();

}  // namespace pg
