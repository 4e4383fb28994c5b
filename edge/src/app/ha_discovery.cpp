#include "app/ha_discovery.hpp"

#include "pg/mqtt_config.hpp"
#include "pg/posture_state.hpp"

#include <nlohmann/json.hpp>

namespace pg {

std::string ha_discovery_topic(const HaDiscoveryInfo& i) { return i.ha_prefix + "/device/" + i.device + "/config"; }

std::string ha_discovery_payload(const HaDiscoveryInfo& i) {
    using json = nlohmann::ordered_json;
    const std::string state = device_topic(i.prefix, i.device, "state");
    const std::string stats = device_topic(i.prefix, i.device, "stats");
    const std::string cmd = device_topic(i.prefix, i.device, "cmd");
    const std::string uid = "postureguard_" + i.device + "_";

    json states = json::array();
    for (int s = 0; s < kPostureStateCount; ++s) states.push_back(std::string(to_string(static_cast<PostureState>(s))));

    json c = json::object();
    c["posture"] = {{"p", "sensor"}, {"name", "Posture"}, {"unique_id", uid + "posture"}, {"stat_t", state},
                    {"val_tpl", "{{ value_json.state }}"}, {"dev_cla", "enum"}, {"ops", states},
                    {"ic", "mdi:human-handsup"}};
    c["score"] = {{"p", "sensor"}, {"name", "Posture score"}, {"unique_id", uid + "score"}, {"stat_t", state},
                  {"val_tpl", "{{ value_json.score }}"}, {"stat_cla", "measurement"}, {"ic", "mdi:gauge"}};
    c["bad_posture"] = {{"p", "binary_sensor"}, {"name", "Bad posture"}, {"unique_id", uid + "bad_posture"},
                        {"stat_t", state}, {"dev_cla", "problem"},
                        {"val_tpl", "{{ 'ON' if value_json.state in ['forward_head', 'slouch', 'looking_down', "
                                    "'tilt'] else 'OFF' }}"}};
    c["good_today"] = {{"p", "sensor"}, {"name", "Good posture today"}, {"unique_id", uid + "good_today"},
                       {"stat_t", stats}, {"val_tpl", "{{ value_json.good_today_pct }}"}, {"unit_of_meas", "%"},
                       {"stat_cla", "measurement"}, {"ic", "mdi:percent"}};
    c["fps"] = {{"p", "sensor"}, {"name", "Analysed frames per second"}, {"unique_id", uid + "fps"},
                {"stat_t", stats}, {"val_tpl", "{{ value_json.fps }}"}, {"ent_cat", "diagnostic"},
                {"stat_cla", "measurement"}};
    c["analysis_ms"] = {{"p", "sensor"}, {"name", "Analysis time"}, {"unique_id", uid + "analysis_ms"},
                        {"stat_t", stats}, {"val_tpl", "{{ value_json.analysis_ms }}"}, {"unit_of_meas", "ms"},
                        {"ent_cat", "diagnostic"}, {"stat_cla", "measurement"}};
    c["cpu"] = {{"p", "sensor"}, {"name", "CPU"}, {"unique_id", uid + "cpu"}, {"stat_t", stats},
                {"val_tpl", "{{ value_json.cpu_pct }}"}, {"unit_of_meas", "%"}, {"ent_cat", "diagnostic"},
                {"stat_cla", "measurement"}};
    c["analyzer"] = {{"p", "sensor"}, {"name", "Analyzer"}, {"unique_id", uid + "analyzer"}, {"stat_t", stats},
                     {"val_tpl", "{{ value_json.analyzer }}"}, {"ent_cat", "diagnostic"}, {"ic", "mdi:face-recognition"}};
    // On when a model is missing and a simpler analyzer stands in: the device
    // still monitors, but less well, and the user should know.
    c["analyzer_fallback"] = {{"p", "binary_sensor"}, {"name", "Analyzer fallback"},
                              {"unique_id", uid + "analyzer_fallback"}, {"stat_t", stats}, {"dev_cla", "problem"},
                              {"val_tpl", "{{ 'ON' if value_json.analyzer_fallback else 'OFF' }}"},
                              {"json_attr_t", stats}, {"json_attr_tpl", "{{ {'reason': value_json.analyzer_fallback} | tojson }}"},
                              {"ent_cat", "diagnostic"}};
    c["calibrate"] = {{"p", "button"}, {"name", "Calibrate"}, {"unique_id", uid + "calibrate"}, {"cmd_t", cmd},
                      {"pl_prs", "{\"cmd\":\"calibrate\"}"}, {"ic", "mdi:crosshairs-gps"}};
    c["snooze"] = {{"p", "number"}, {"name", "Snooze"}, {"unique_id", uid + "snooze"}, {"cmd_t", cmd},
                   {"cmd_tpl", "{\"cmd\":\"snooze\",\"minutes\":{{ value | int }}}"}, {"min", 1}, {"max", 240},
                   {"step", 1}, {"unit_of_meas", "min"}, {"mode", "box"}, {"optimistic", true},
                   {"ic", "mdi:bell-sleep"}};

    json doc;
    doc["dev"] = {{"ids", json::array({"postureguard_" + i.device})}, {"name", "Posture Guard " + i.device},
                  {"mf", "Posture Guard"}, {"mdl", "Desk camera"}, {"sw", i.version}};
    doc["o"] = {{"name", "postureguard"}, {"sw", i.version}};
    doc["avty_t"] = device_topic(i.prefix, i.device, "availability");
    doc["pl_avail"] = "online";
    doc["pl_not_avail"] = "offline";
    doc["qos"] = 1;
    doc["cmps"] = c;
    return doc.dump();
}

}  // namespace pg
