#include "app/event_json.hpp"

#include "control/state_json.hpp"

#include <nlohmann/json.hpp>

namespace pg {

std::string format_event_json(const Event& e, const std::string& device, const std::string& zone,
                              std::uint64_t alerts_today) {
    nlohmann::ordered_json j;
    j["event_type"] = to_string(e.type);
    j["value"] = e.value;
    j["device"] = device;
    j["t"] = iso8601(e.t_ms, zone);
    j["alerts_today"] = alerts_today;
    return j.dump();
}

}  // namespace pg
