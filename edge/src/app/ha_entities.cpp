#include "app/ha_entities.hpp"

#include "pg/mqtt_config.hpp"
#include "pg/posture_state.hpp"

namespace pg {
namespace {

using json = nlohmann::ordered_json;

// Commands exactly as edge/common/STATE-AND-COMMANDS.md defines them.
constexpr const char* kSnoozeOptions[] = {"off", "30 min", "1 h", "until tomorrow"};
constexpr const char* kSnoozeCommand =
    "{% if value == 'off' %}{\"cmd\":\"resume\"}"
    "{% elif value == '30 min' %}{\"cmd\":\"snooze\",\"minutes\":30}"
    "{% elif value == '1 h' %}{\"cmd\":\"snooze\",\"minutes\":60}"
    "{% else %}{\"cmd\":\"snooze\",\"until\":\"tomorrow\"}{% endif %}";
// The state says only until when alerts are snoozed: keep the preset the user
// picked; a snooze from the button or another client shows the shortest preset
// that covers the time left.
constexpr const char* kSnoozeState =
    "{% if value_json.snoozed_until is none %}off"
    "{% elif this is defined and this.state in ['30 min', '1 h', 'until tomorrow'] %}{{ this.state }}"
    "{% else %}{% set left = as_timestamp(value_json.snoozed_until) - as_timestamp(now()) %}"
    "{{ '30 min' if left <= 1860 else ('1 h' if left <= 3660 else 'until tomorrow') }}{% endif %}";

json state_entity(const char* platform, const char* name, const std::string& uid, const HaTopics& t,
                  const HaEntityTiming& timing, const char* value_template) {
    json e = {{"p", platform}, {"name", name ? json(name) : json(nullptr)}, {"uniq_id", uid},
              {"stat_t", t.state}, {"val_tpl", value_template}};
    // Three missed refreshes: a device that stopped ticking goes unavailable.
    // Only sensors take expire_after; a switch or select has availability only.
    const std::string p = platform;
    if (p == "sensor" || p == "binary_sensor") e["exp_aft"] = 3 * timing.state_refresh.count();
    return e;
}

json stats_entity(const char* platform, const char* name, const std::string& uid, const HaTopics& t,
                  const HaEntityTiming& timing, const char* value_template) {
    json e = {{"p", platform}, {"name", name}, {"uniq_id", uid}, {"stat_t", t.stats}, {"val_tpl", value_template}};
    e["exp_aft"] = 3 * timing.stats_interval.count();
    return e;
}

json diagnostic(const char* platform, const char* name, const std::string& uid, const HaTopics& t,
                const HaEntityTiming& timing, const char* value_template) {
    json e = stats_entity(platform, name, uid, t, timing, value_template);
    e["ent_cat"] = "diagnostic";
    return e;
}

}  // namespace

HaTopics HaTopics::of(const std::string& prefix, const std::string& device) {
    return {device_topic(prefix, device, "state"), device_topic(prefix, device, "stats"),
            device_topic(prefix, device, "event"), device_topic(prefix, device, "cmd"),
            device_topic(prefix, device, "availability")};
}

json ha_event_types() {
    json types = json::array();
    for (int e = 0; e < kEventTypeCount; ++e) types.push_back(std::string(to_string(static_cast<EventType>(e))));
    return types;
}

json ha_components(const std::string& device, const HaTopics& t, const HaEntityTiming& timing) {
    const std::string uid = "postureguard_" + device + "_";
    json states = json::array();
    for (int s = 0; s < kPostureStateCount; ++s) states.push_back(std::string(to_string(static_cast<PostureState>(s))));

    json c = json::object();
    // The device's main feature: its entity takes the device's name.
    c["posture"] = state_entity("sensor", nullptr, uid + "posture", t, timing, "{{ value_json.state }}");
    c["posture"].update({{"dev_cla", "enum"}, {"ops", states}, {"ic", "mdi:human-handsup"}});
    c["score"] = state_entity("sensor", "Posture score", uid + "score", t, timing, "{{ value_json.score }}");
    c["score"].update({{"stat_cla", "measurement"}, {"ic", "mdi:gauge"}});
    c["bad_posture"] = state_entity("binary_sensor", "Bad posture", uid + "bad_posture", t, timing,
                                    "{{ 'ON' if value_json.state in ['forward_head', 'slouch', 'looking_down', "
                                    "'tilt'] else 'OFF' }}");
    c["bad_posture"]["dev_cla"] = "problem";
    // Unknown ("None") where the device cannot tell: too dark, camera failing, uncalibrated.
    c["at_desk"] = state_entity("binary_sensor", "At the desk", uid + "at_desk", t, timing,
                                "{{ 'OFF' if value_json.state in ['away', 'paused'] else ('ON' if value_json.state "
                                "in ['good', 'forward_head', 'slouch', 'looking_down', 'tilt'] else 'None') }}");
    c["at_desk"]["dev_cla"] = "occupancy";
    c["camera_moved"] = state_entity("binary_sensor", "Camera moved", uid + "camera_moved", t, timing,
                                     "{{ 'ON' if value_json.camera_moved else 'OFF' }}");
    c["camera_moved"].update({{"dev_cla", "problem"}, {"ic", "mdi:camera-retake"}});
    c["monitoring"] = state_entity("switch", "Monitoring", uid + "monitoring", t, timing,
                                   "{{ 'OFF' if value_json.state == 'paused' else 'ON' }}");
    // state_on/off default to the payloads, which are commands here, not states.
    c["monitoring"].update({{"cmd_t", t.cmd}, {"pl_on", "{\"cmd\":\"resume\"}"}, {"pl_off", "{\"cmd\":\"pause\"}"},
                            {"stat_on", "ON"}, {"stat_off", "OFF"}, {"ic", "mdi:eye"}});
    json presets = json::array();
    for (const char* o : kSnoozeOptions) presets.push_back(o);
    c["snooze_preset"] = state_entity("select", "Snooze", uid + "snooze_preset", t, timing, kSnoozeState);
    c["snooze_preset"].update({{"cmd_t", t.cmd}, {"cmd_tpl", kSnoozeCommand}, {"ops", presets}, {"ic", "mdi:bell-sleep"}});
    // Earlier versions offered a Snooze number under this id: the platform alone removes it.
    c["snooze"] = {{"p", "number"}};
    c["event"] = {{"p", "event"}, {"name", "Alert"}, {"uniq_id", uid + "event"}, {"stat_t", t.event},
                  {"evt_typ", ha_event_types()}, {"ic", "mdi:bell-ring"}};
    c["calibrate"] = {{"p", "button"}, {"name", "Calibrate"}, {"uniq_id", uid + "calibrate"}, {"cmd_t", t.cmd},
                      {"pl_prs", "{\"cmd\":\"calibrate\"}"}, {"ic", "mdi:crosshairs-gps"}};
    c["buzz_test"] = {{"p", "button"}, {"name", "Buzz test"}, {"uniq_id", uid + "buzz_test"}, {"cmd_t", t.cmd},
                      {"pl_prs", "{\"cmd\":\"buzz_test\"}"}, {"dev_cla", "identify"}, {"ent_cat", "diagnostic"}};

    // From the stats message.
    c["alerts_today"] = stats_entity("sensor", "Alerts today", uid + "alerts_today", t, timing,
                                     "{{ value_json.alerts_today }}");
    c["alerts_today"].update({{"stat_cla", "total_increasing"}, {"ic", "mdi:bell-alert"}});
    c["good_today"] = stats_entity("sensor", "Good posture today", uid + "good_today", t, timing,
                                   "{{ value_json.good_today_pct }}");
    c["good_today"].update({{"unit_of_meas", "%"}, {"stat_cla", "measurement"}, {"ic", "mdi:percent"}});
    c["fps"] = diagnostic("sensor", "Analysed frames per second", uid + "fps", t, timing, "{{ value_json.fps }}");
    c["fps"]["stat_cla"] = "measurement";
    c["analysis_ms"] = diagnostic("sensor", "Analysis time", uid + "analysis_ms", t, timing,
                                  "{{ value_json.analysis_ms }}");
    c["analysis_ms"].update({{"unit_of_meas", "ms"}, {"dev_cla", "duration"}, {"stat_cla", "measurement"}});
    c["cpu"] = diagnostic("sensor", "CPU", uid + "cpu", t, timing, "{{ value_json.cpu_pct }}");
    c["cpu"].update({{"unit_of_meas", "%"}, {"stat_cla", "measurement"}, {"ic", "mdi:cpu-64-bit"}});
    c["cpu_temp"] = diagnostic("sensor", "CPU temperature", uid + "cpu_temp", t, timing,
                               "{{ value_json.cpu_temp_c if value_json.cpu_temp_c is not none else 'None' }}");
    c["cpu_temp"].update({{"unit_of_meas", "°C"}, {"dev_cla", "temperature"}, {"stat_cla", "measurement"}});
    c["uptime"] = diagnostic("sensor", "Uptime", uid + "uptime", t, timing, "{{ value_json.uptime_s }}");
    c["uptime"].update({{"unit_of_meas", "s"}, {"dev_cla", "duration"}, {"stat_cla", "total_increasing"}});
    c["outbox_depth"] = diagnostic("sensor", "Outbox depth", uid + "outbox_depth", t, timing,
                                   "{{ value_json.outbox_depth }}");
    c["outbox_depth"].update({{"stat_cla", "measurement"}, {"ic", "mdi:tray-full"}});
    // Which broker of mqtt.broker's list carries the device: a move shows here.
    c["broker"] = diagnostic("sensor", "Broker", uid + "broker", t, timing,
                             "{{ value_json.broker if value_json.broker is not none else 'None' }}");
    c["broker"]["ic"] = "mdi:server-network";
    c["version"] = diagnostic("sensor", "Version", uid + "version", t, timing, "{{ value_json.version }}");
    c["version"]["ic"] = "mdi:tag";
    c["analyzer"] = diagnostic("sensor", "Analyzer", uid + "analyzer", t, timing, "{{ value_json.analyzer }}");
    c["analyzer"]["ic"] = "mdi:face-recognition";
    // On when a model is missing and a simpler analyzer stands in: the device
    // still monitors, but less well, and the user should know.
    c["analyzer_fallback"] = diagnostic("binary_sensor", "Analyzer fallback", uid + "analyzer_fallback", t, timing,
                                        "{{ 'ON' if value_json.analyzer_fallback else 'OFF' }}");
    c["analyzer_fallback"].update({{"dev_cla", "problem"}, {"json_attr_t", t.stats},
                                   {"json_attr_tpl", "{{ {'reason': value_json.analyzer_fallback} | tojson }}"}});
    return c;
}

}  // namespace pg
