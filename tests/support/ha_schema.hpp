#pragma once

// Home Assistant's MQTT discovery schema, the part Posture Guard uses, as the
// Home Assistant documentation states it (integrations/mqtt: device-based
// discovery, the abbreviation tables; each platform's page: required and
// optional keys). Unknown keys are ignored by Home Assistant, so a typo there
// is silent: this table is what catches it.
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace pg::test {

struct HaContext {
    std::set<std::string> published;   // topics the edge publishes (state_topic & co must be one)
    std::set<std::string> subscribed;  // topics the edge subscribes to (command_topic must be one)
};

// The full name of an abbreviated discovery key ("stat_t" -> "state_topic"); a
// full name maps to itself; empty for a key Home Assistant does not know.
std::string ha_expand_key(const std::string& key);
std::string ha_expand_device_key(const std::string& key);
std::string ha_expand_origin_key(const std::string& key);

// Every problem found in a device-based discovery payload, one line each: keys
// unknown or misplaced, required keys missing, wrong value types, topics the
// edge neither publishes nor subscribes to. Empty when valid.
std::vector<std::string> ha_validate_device_discovery(const nlohmann::json& doc, const HaContext& context);

// The component (expanded keys) as Home Assistant reads it, shared keys of the
// document included.
nlohmann::json ha_expanded_component(const nlohmann::json& doc, const std::string& id);

}  // namespace pg::test
