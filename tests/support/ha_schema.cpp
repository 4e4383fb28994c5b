#include "ha_schema.hpp"

#include <map>

namespace pg::test {
namespace {

using json = nlohmann::json;

// integrations/mqtt, "Supported abbreviations in MQTT discovery messages" (the
// entries for the keys of the platforms below).
const std::map<std::string, std::string> kAbbreviations = {
    {"avty", "availability"}, {"avty_mode", "availability_mode"}, {"avty_t", "availability_topic"},
    {"avty_tpl", "availability_template"}, {"cmd_t", "command_topic"}, {"cmd_tpl", "command_template"},
    {"cmps", "components"}, {"def_ent_id", "default_entity_id"}, {"dev", "device"}, {"dev_cla", "device_class"},
    {"dsp_prc", "display_precision"}, {"e", "encoding"}, {"en", "enabled_by_default"}, {"ent_cat", "entity_category"},
    {"ent_pic", "entity_picture"}, {"evt_typ", "event_types"}, {"exp_aft", "expire_after"},
    {"frc_upd", "force_update"}, {"ic", "icon"}, {"json_attr_t", "json_attributes_topic"},
    {"json_attr_tpl", "json_attributes_template"}, {"lrst_val_tpl", "last_reset_value_template"}, {"max", "max"},
    {"min", "min"}, {"mode", "mode"}, {"name", "name"}, {"o", "origin"}, {"obj_id", "object_id"},
    {"off_dly", "off_delay"}, {"ops", "options"}, {"opt", "optimistic"}, {"p", "platform"},
    {"pl_avail", "payload_available"}, {"pl_not_avail", "payload_not_available"}, {"pl_off", "payload_off"},
    {"pl_on", "payload_on"}, {"pl_prs", "payload_press"}, {"ret", "retain"}, {"stat_cla", "state_class"},
    {"stat_off", "state_off"}, {"stat_on", "state_on"}, {"stat_t", "state_topic"}, {"step", "step"},
    {"sug_dsp_prc", "suggested_display_precision"}, {"uniq_id", "unique_id"},
    {"unit_of_meas", "unit_of_measurement"}, {"val_tpl", "value_template"}};
// "Supported abbreviations for device registry configuration" / "... for origin information".
const std::map<std::string, std::string> kDeviceAbbreviations = {
    {"cu", "configuration_url"}, {"cns", "connections"}, {"ids", "identifiers"}, {"name", "name"},
    {"mf", "manufacturer"}, {"mdl", "model"}, {"mdl_id", "model_id"}, {"hw", "hw_version"}, {"sw", "sw_version"},
    {"sa", "suggested_area"}, {"sn", "serial_number"}, {"via_device", "via_device"}};
const std::map<std::string, std::string> kOriginAbbreviations = {
    {"name", "name"}, {"sw", "sw_version"}, {"url", "support_url"}};

enum class T { string, string_or_null, boolean, positive_int, qos, topic_pub, topic_sub, tpl, list, icon, category };

// Keys every entity platform takes (availability shared at the top level).
const std::map<std::string, T> kEntityKeys = {
    {"platform", T::string}, {"name", T::string_or_null}, {"unique_id", T::string}, {"icon", T::icon},
    {"entity_category", T::category}, {"enabled_by_default", T::boolean}, {"qos", T::qos},
    {"json_attributes_topic", T::topic_pub}, {"json_attributes_template", T::tpl}, {"encoding", T::string},
    {"default_entity_id", T::string}, {"object_id", T::string}, {"entity_picture", T::string},
    {"availability_topic", T::topic_pub}, {"payload_available", T::string}, {"payload_not_available", T::string},
    {"availability_template", T::tpl}};

struct Platform {
    std::set<std::string> required;
    std::map<std::string, T> keys;  // platform-specific optional keys
    std::set<std::string> device_classes;
};

const std::map<std::string, Platform> kPlatforms = {
    {"sensor",
     {{"state_topic"},
      {{"state_topic", T::topic_pub}, {"value_template", T::tpl}, {"device_class", T::string},
       {"state_class", T::string}, {"unit_of_measurement", T::string}, {"expire_after", T::positive_int},
       {"force_update", T::boolean}, {"options", T::list}, {"suggested_display_precision", T::positive_int},
       {"last_reset_value_template", T::tpl}},
      {"enum", "duration", "temperature", "timestamp"}}},
    {"binary_sensor",
     {{"state_topic"},
      {{"state_topic", T::topic_pub}, {"value_template", T::tpl}, {"device_class", T::string},
       {"expire_after", T::positive_int}, {"payload_on", T::string}, {"payload_off", T::string},
       {"off_delay", T::positive_int}, {"force_update", T::boolean}},
      {"problem", "occupancy", "connectivity", "running"}}},
    {"switch",
     {{"command_topic"},
      {{"command_topic", T::topic_sub}, {"state_topic", T::topic_pub}, {"value_template", T::tpl},
       {"payload_on", T::string}, {"payload_off", T::string}, {"state_on", T::string}, {"state_off", T::string},
       {"optimistic", T::boolean}, {"retain", T::boolean}, {"device_class", T::string}},
      {"switch", "outlet"}}},
    {"select",
     {{"command_topic", "options"},
      {{"command_topic", T::topic_sub}, {"command_template", T::tpl}, {"options", T::list},
       {"state_topic", T::topic_pub}, {"value_template", T::tpl}, {"optimistic", T::boolean}, {"retain", T::boolean}},
      {}}},
    {"button",
     {{"command_topic"},
      {{"command_topic", T::topic_sub}, {"command_template", T::tpl}, {"payload_press", T::string},
       {"retain", T::boolean}, {"device_class", T::string}},
      {"identify", "restart", "update"}}},
    {"event",
     {{"state_topic", "event_types"},
      {{"state_topic", T::topic_pub}, {"event_types", T::list}, {"value_template", T::tpl},
       {"device_class", T::string}},
      {"button", "doorbell", "motion"}}},
    // Only as a removal: the platform alone removes an earlier component.
    {"number", {{}, {}, {}}},
};

const std::map<std::string, std::set<std::string>> kStateClasses = {
    {"sensor", {"measurement", "total", "total_increasing"}}};

bool balanced_template(const std::string& s) {
    auto count = [&](const char* needle) {
        std::size_t n = 0;
        for (auto p = s.find(needle); p != std::string::npos; p = s.find(needle, p + 2)) ++n;
        return n;
    };
    return (s.find("{{") != std::string::npos || s.find("{%") != std::string::npos) && count("{{") == count("}}") &&
           count("{%") == count("%}");
}

std::string check_type(T t, const json& v, const HaContext& ctx) {
    switch (t) {
    case T::string: return v.is_string() && !v.get<std::string>().empty() ? "" : "a non-empty string";
    case T::string_or_null: return v.is_null() || (v.is_string() && !v.get<std::string>().empty()) ? "" : "a string or null";
    case T::boolean: return v.is_boolean() ? "" : "a boolean";
    case T::positive_int: return v.is_number_integer() && v.get<long long>() > 0 ? "" : "a positive integer";
    case T::qos: return v.is_number_integer() && v.get<int>() >= 0 && v.get<int>() <= 2 ? "" : "0, 1 or 2";
    case T::topic_pub:
        return v.is_string() && ctx.published.count(v.get<std::string>()) ? "" : "a topic the edge publishes";
    case T::topic_sub:
        return v.is_string() && ctx.subscribed.count(v.get<std::string>()) ? "" : "a topic the edge subscribes to";
    case T::tpl: return v.is_string() && balanced_template(v.get<std::string>()) ? "" : "a Jinja template";
    case T::list:
        if (!v.is_array() || v.empty()) return "a non-empty list";
        for (const auto& x : v)
            if (!x.is_string() || x.get<std::string>().empty()) return "a list of strings";
        return "";
    case T::icon: return v.is_string() && v.get<std::string>().rfind("mdi:", 0) == 0 ? "" : "an mdi: icon";
    case T::category:
        return v == "config" || v == "diagnostic" ? "" : "config or diagnostic";
    }
    return "?";
}

}  // namespace

std::string ha_expand_key(const std::string& k) {
    if (auto it = kAbbreviations.find(k); it != kAbbreviations.end()) return it->second;
    for (const auto& [abbr, full] : kAbbreviations)
        if (full == k) return full;
    for (const auto& [name, p] : kPlatforms)
        if (p.keys.count(k)) return k;
    return kEntityKeys.count(k) ? k : "";
}

std::string ha_expand_device_key(const std::string& k) {
    if (auto it = kDeviceAbbreviations.find(k); it != kDeviceAbbreviations.end()) return it->second;
    for (const auto& [abbr, full] : kDeviceAbbreviations)
        if (full == k) return full;
    return "";
}

std::string ha_expand_origin_key(const std::string& k) {
    if (auto it = kOriginAbbreviations.find(k); it != kOriginAbbreviations.end()) return it->second;
    for (const auto& [abbr, full] : kOriginAbbreviations)
        if (full == k) return full;
    return "";
}

json ha_expanded_component(const json& doc, const std::string& id) {
    json out = json::object();
    // Shared options of the document first (integrations/mqtt: availability,
    // origin, command_topic, state_topic, qos, encoding); the component's win.
    for (const auto& [k, v] : doc.items()) {
        const std::string full = ha_expand_key(k);
        if (full == "qos" || full == "encoding" || full == "state_topic" || full == "command_topic" ||
            full.rfind("availability", 0) == 0 || full.rfind("payload_", 0) == 0)
            out[full] = v;
    }
    const json& cmps = doc.contains("cmps") ? doc["cmps"] : doc["components"];
    for (const auto& [k, v] : cmps.at(id).items()) out[ha_expand_key(k).empty() ? k : ha_expand_key(k)] = v;
    return out;
}

std::vector<std::string> ha_validate_device_discovery(const json& doc, const HaContext& ctx) {
    std::vector<std::string> bad;
    if (!doc.is_object()) return {"the payload is not a JSON object"};
    std::set<std::string> seen;
    for (const auto& [k, v] : doc.items()) {
        const std::string full = ha_expand_key(k);
        if (full.empty()) bad.push_back("unknown top-level key '" + k + "'");
        else if (!seen.insert(full).second) bad.push_back("'" + full + "' given twice (abbreviated and not)");
    }
    // device and origin are mandatory in device-based discovery.
    const json* dev = doc.contains("dev") ? &doc["dev"] : doc.contains("device") ? &doc["device"] : nullptr;
    if (!dev || !dev->is_object()) {
        bad.push_back("no device mapping");
    } else {
        bool ids = false;
        for (const auto& [k, v] : dev->items()) {
            const std::string full = ha_expand_device_key(k);
            if (full.empty()) bad.push_back("unknown device key '" + k + "'");
            if (full == "identifiers") ids = (v.is_string() && !v.get<std::string>().empty()) || (v.is_array() && !v.empty());
            else if (!full.empty() && full != "connections" && !v.is_string()) bad.push_back("device " + full + " must be a string");
        }
        if (!ids) bad.push_back("the device needs identifiers");
    }
    const json* origin = doc.contains("o") ? &doc["o"] : doc.contains("origin") ? &doc["origin"] : nullptr;
    if (!origin || !origin->is_object() || !origin->contains("name")) {
        bad.push_back("no origin mapping with a name");
    } else {
        for (const auto& [k, v] : origin->items()) {
            const std::string full = ha_expand_origin_key(k);
            if (full.empty()) bad.push_back("unknown origin key '" + k + "'");
            else if (!v.is_string() || v.get<std::string>().empty()) bad.push_back("origin " + full + " must be a string");
            else if (full == "support_url" && v.get<std::string>().rfind("http", 0) != 0) bad.push_back("origin support_url must be a URL");
        }
    }
    for (const char* shared : {"avty_t", "availability_topic"})
        if (doc.contains(shared)) {
            if (auto why = check_type(T::topic_pub, doc[shared], ctx); !why.empty()) bad.push_back("availability_topic must be " + why);
        }
    const json* cmps = doc.contains("cmps") ? &doc["cmps"] : doc.contains("components") ? &doc["components"] : nullptr;
    if (!cmps || !cmps->is_object() || cmps->empty()) {
        bad.push_back("no components");
        return bad;
    }
    std::set<std::string> unique_ids;
    for (const auto& [id, raw] : cmps->items()) {
        const std::string where = "component '" + id + "': ";
        if (!raw.is_object()) {
            bad.push_back(where + "not an object");
            continue;
        }
        std::set<std::string> own;
        for (const auto& [k, v] : raw.items())
            if (!own.insert(ha_expand_key(k).empty() ? k : ha_expand_key(k)).second) bad.push_back(where + "'" + k + "' given twice");
        const json c = ha_expanded_component(doc, id);
        if (!c.contains("platform") || !c["platform"].is_string()) {
            bad.push_back(where + "no platform");
            continue;
        }
        const std::string platform = c["platform"];
        auto p = kPlatforms.find(platform);
        if (p == kPlatforms.end()) {
            bad.push_back(where + "platform '" + platform + "' is not one this table knows");
            continue;
        }
        if (platform == "number") {  // a removal carries the platform only
            if (raw.size() != 1) bad.push_back(where + "a number here is only a removal (the platform alone)");
            continue;
        }
        for (const auto& [k, v] : raw.items()) {
            const std::string full = ha_expand_key(k);
            auto spec = p->second.keys.find(full);
            if (spec == p->second.keys.end()) spec = kEntityKeys.find(full);
            if (full.empty() || spec == kEntityKeys.end()) {
                bad.push_back(where + "key '" + k + "' is not a " + platform + " option");
                continue;
            }
            if (auto why = check_type(spec->second, v, ctx); !why.empty()) bad.push_back(where + full + " must be " + why);
        }
        for (const auto& r : p->second.required)
            if (!c.contains(r)) bad.push_back(where + platform + " requires " + r);
        if (!c.contains("unique_id")) bad.push_back(where + "an entity needs a unique_id");
        else if (!unique_ids.insert(c["unique_id"].dump()).second) bad.push_back(where + "duplicate unique_id");
        if (!c.contains("name")) bad.push_back(where + "no name (null for the device's main entity)");
        if (c.contains("device_class") && c["device_class"].is_string() &&
            !p->second.device_classes.count(c["device_class"].get<std::string>()))
            bad.push_back(where + "device_class '" + c["device_class"].get<std::string>() + "' is not a " + platform + " class");
        if (c.contains("state_class")) {
            auto sc = kStateClasses.find(platform);
            if (sc == kStateClasses.end() || !c["state_class"].is_string() || !sc->second.count(c["state_class"].get<std::string>()))
                bad.push_back(where + "bad state_class");
        }
        if (c.contains("options") && platform == "sensor" && c.value("device_class", "") != "enum")
            bad.push_back(where + "options need device_class enum");
        if (platform == "sensor" && c.value("device_class", "") == "enum" && !c.contains("options"))
            bad.push_back(where + "an enum sensor needs options");
        if (p->second.keys.count("expire_after") && c.contains("state_topic") && !c.contains("expire_after"))
            bad.push_back(where + "no expire_after: a silent device would look fine");
    }
    return bad;
}

}  // namespace pg::test
