#include "app/ha_discovery.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace pg {

std::string ha_discovery_topic(const HaDiscoveryInfo& i) { return i.ha_prefix + "/device/" + i.device + "/config"; }

HaDiscoveryInfo ha_discovery_info(const EdgeConfig& c) {
    HaDiscoveryInfo i{c.device_id, c.mqtt.prefix, c.ha_prefix, PG_VERSION};
    i.timing.stats_interval = std::max(std::chrono::seconds(1),
                                       std::chrono::duration_cast<std::chrono::seconds>(c.stats_interval));
    i.support_url = PG_SUPPORT_URL;
    return i;
}

std::string ha_discovery_payload(const HaDiscoveryInfo& i) {
    using json = nlohmann::ordered_json;
    const HaTopics topics = HaTopics::of(i.prefix, i.device);
    json doc;
    doc["dev"] = {{"ids", json::array({"postureguard_" + i.device})}, {"name", "Posture Guard " + i.device},
                  {"mf", "Posture Guard"}, {"mdl", "Desk camera"}, {"sw", i.version}};
    doc["o"] = {{"name", "Posture Guard (pg-edge)"}, {"sw", i.version}};
    if (!i.support_url.empty()) doc["o"]["url"] = i.support_url;
    doc["avty_t"] = topics.availability;
    doc["pl_avail"] = "online";
    doc["pl_not_avail"] = "offline";
    doc["qos"] = 1;
    doc["cmps"] = ha_components(i.device, topics, i.timing);
    return doc.dump();
}

}  // namespace pg
