#pragma once

#include "app/edge_config.hpp"
#include "app/ha_entities.hpp"

#include <string>

namespace pg {

struct HaDiscoveryInfo {
    std::string device;       // device id, as in the topics
    std::string prefix;       // our topic prefix, e.g. "postureguard"
    std::string ha_prefix;    // Home Assistant's discovery prefix, "homeassistant"
    std::string version;
    HaEntityTiming timing{};
    std::string support_url{};  // origin's support URL; left out when empty
};

// Home Assistant's device-based MQTT discovery: one retained message on
// `<ha_prefix>/device/<device>/config` with the device, the origin (this
// software), availability tied to our Last Will, and every entity (ha_entities).
// Nobody types a line of YAML.
std::string ha_discovery_topic(const HaDiscoveryInfo& info);
// The discovery this configuration announces (this build's version and support URL).
HaDiscoveryInfo ha_discovery_info(const EdgeConfig& config);
std::string ha_discovery_payload(const HaDiscoveryInfo& info);

}  // namespace pg
