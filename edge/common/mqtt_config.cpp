#include "pg/mqtt_config.hpp"

#include "pg/config_binder.hpp"
#include "pg/errors.hpp"

namespace pg {

void bind_mqtt_config(ConfigBinder& b, MqttConfig& c) {
    b.bind("mqtt.broker", &c.broker);
    b.bind("mqtt.prefix", &c.prefix);
    b.bind("mqtt.client_id", &c.client_id);
    b.bind("mqtt.username", &c.username);
    b.bind("mqtt.password", &c.password);
    b.bind("mqtt.cafile", &c.cafile);
    b.bind("mqtt.certfile", &c.certfile);
    b.bind("mqtt.keyfile", &c.keyfile);
    b.bind("mqtt.keepalive", &c.keepalive);
}

MqttOptions to_mqtt_options(const MqttConfig& c) {
    MqttOptions o;
    o.brokers = parse_broker_list(c.broker, c.cafile.empty() ? 1883 : 8883, "mqtt.broker");
    if (c.prefix.empty() || c.prefix.find_first_of("+#") != std::string::npos || c.prefix.back() == '/')
        throw ConfigError("mqtt.prefix '" + c.prefix + "' must be a topic prefix without wildcards or a trailing '/'");
    o.client_id = c.client_id;
    o.username = c.username;
    o.password = c.password;
    o.tls_cafile = c.cafile;
    o.tls_certfile = c.certfile;
    o.tls_keyfile = c.keyfile;
    // libmosquitto refuses less than 5 s; more than an hour leaves a dead link unnoticed.
    if (c.keepalive < std::chrono::seconds(5) || c.keepalive > std::chrono::hours(1))
        throw ConfigError("mqtt.keepalive must be from 5s to 1h");
    o.keepalive_s = static_cast<int>(std::chrono::duration_cast<std::chrono::seconds>(c.keepalive).count());
    return o;
}

std::string device_topic(const std::string& prefix, const std::string& device, const std::string& leaf) {
    return prefix + "/" + device + "/" + leaf;
}

std::string device_of_topic(std::string_view topic, std::string_view prefix, std::string_view leaf) {
    if (topic.size() < prefix.size() + leaf.size() + 3) return {};
    if (topic.substr(0, prefix.size()) != prefix || topic[prefix.size()] != '/') return {};
    auto rest = topic.substr(prefix.size() + 1);
    auto slash = rest.find('/');
    if (slash == std::string_view::npos || rest.substr(slash + 1) != leaf) return {};
    return std::string(rest.substr(0, slash));
}

}  // namespace pg
