#pragma once

#include "pg/mqtt_client.hpp"

#include <chrono>
#include <string>

namespace pg {

class ConfigBinder;

// The [mqtt] table both processes share: where the broker is and how to log in.
struct MqttConfig {
    // One broker, or several to fail over between: "h1:1883,h2:1883,[::1]:1883".
    std::string broker = "127.0.0.1:1883";
    std::string prefix = "postureguard";
    std::string client_id;
    std::string username;
    std::string password;
    std::string cafile;
    std::string certfile;
    std::string keyfile;
    // A broker that stops answering without closing the connection (a hung
    // host, Wi-Fi gone quiet) is noticed within twice this: a ping after one
    // period without a packet, the connection closed after a second.
    std::chrono::milliseconds keepalive{30'000};
};

void bind_mqtt_config(ConfigBinder& binder, MqttConfig& cfg);

// Validates and converts; throws ConfigError naming the bad value.
MqttOptions to_mqtt_options(const MqttConfig& cfg);

// Topic helpers: "<prefix>/<device>/<leaf>".
std::string device_topic(const std::string& prefix, const std::string& device, const std::string& leaf);
// Returns the device part of "<prefix>/<device>/<leaf>", or "" if the topic has another shape.
std::string device_of_topic(std::string_view topic, std::string_view prefix, std::string_view leaf);

}  // namespace pg
