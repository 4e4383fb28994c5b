#include "control/state_json.hpp"

#include <cctz/time_zone.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace pg {

std::string iso8601(std::int64_t t_ms, const std::string& zone) {
    cctz::time_zone tz;
    bool known = cctz::load_time_zone(zone, &tz);
    if (!known) tz = cctz::utc_time_zone();
    auto tp = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>(
        std::chrono::milliseconds(t_ms));
    // %Ez: "+01:00"; UTC becomes "+00:00", which every ISO 8601 reader accepts.
    return cctz::format("%Y-%m-%dT%H:%M:%E3S%Ez", tp, tz);
}

std::string format_state_json(const DeviceStatus& s, const std::string& zone) {
    nlohmann::ordered_json j;
    j["device"] = s.device;
    j["state"] = to_string(s.sample.state);
    j["score"] = s.sample.score;
    // The wire format's quantised metrics, back in their natural units.
    j["metrics"] = {{"width", s.sample.width_c / 100.0},
                    {"drop", s.sample.drop_c / 100.0},
                    {"pitch", s.sample.pitch_deg},
                    {"roll", s.sample.roll_deg}};
    j["since"] = iso8601(s.since_ms, zone);
    j["calibrated"] = s.calibrated;
    j["snoozed_until"] = s.snoozed_until_ms ? nlohmann::ordered_json(iso8601(*s.snoozed_until_ms, zone))
                                            : nlohmann::ordered_json(nullptr);
    j["paused_by"] = s.pause.paused && s.pause.by ? nlohmann::ordered_json(to_string(*s.pause.by))
                                                  : nlohmann::ordered_json(nullptr);
    j["paused_until"] = s.pause.paused && s.pause.until ? nlohmann::ordered_json(iso8601(*s.pause.until, zone))
                                                        : nlohmann::ordered_json(nullptr);
    j["quiet_hours"] = s.quiet_hours;
    j["alert_level"] = s.alert_level;
    j["camera_moved"] = s.camera_moved;
    j["t"] = iso8601(s.sample.t_ms, zone);
    return j.dump();
}

StateThrottle::StateThrottle(std::chrono::milliseconds min_gap, std::chrono::milliseconds refresh)
    : min_gap_(min_gap.count()), refresh_(refresh.count()) {}

bool StateThrottle::due(std::int64_t now, const std::string& key) const {
    if (!last_) return true;
    if (now - *last_ >= refresh_) return true;
    return key != last_key_ && now - *last_ >= min_gap_;
}

void StateThrottle::published(std::int64_t now, const std::string& key) {
    last_ = now;
    last_key_ = key;
}

}  // namespace pg
