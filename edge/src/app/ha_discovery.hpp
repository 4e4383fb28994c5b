#pragma once

#include <string>

namespace pg {

struct HaDiscoveryInfo {
    std::string device;       // device id, as in the topics
    std::string prefix;       // our topic prefix, e.g. "postureguard"
    std::string ha_prefix;    // Home Assistant's discovery prefix, "homeassistant"
    std::string version;
};

// Home Assistant's device-based MQTT discovery: one retained message on
// `<ha_prefix>/device/<device>/config` describing every entity of the device —
// posture state, score, a bad-posture problem sensor, today's good-posture share,
// FPS and analysis time as diagnostics, a Calibrate button and a Snooze number —
// with availability tied to our Last Will. Nobody types a line of YAML.
std::string ha_discovery_topic(const HaDiscoveryInfo& info);
std::string ha_discovery_payload(const HaDiscoveryInfo& info);

}  // namespace pg
