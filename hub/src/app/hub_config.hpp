#pragma once

#include "pg/mqtt_config.hpp"
#include "store/schema.hpp"

#include <optional>
#include <string>

namespace pg {
class ConfigBinder;
}

namespace pg::hub {

inline constexpr const char* kDefaultHubClientId = "pg-hub";

// [ingest]: where batches come from. Without `amqp` the hub subscribes over
// MQTT (the default); with it the hub consumes a RabbitMQ cluster's queues.
struct IngestConfig {
    std::string amqp;         // "amqp://USER:PASS@HOST:PORT/VHOST[,...]": the cluster's nodes
    std::string queue;        // default <prefix>.batches
    std::string state_queue;  // default <prefix>.state
    int prefetch = 512;
};

// Everything pg-hub is told, from its TOML file ([mqtt], [store], [ingest]) and options.
struct HubConfig {
    MqttConfig mqtt;
    IngestConfig ingest;
    std::string db;   // [store] db: an SQLite file
    std::string url;  // [store] url: postgresql://user@host:port/dbname (exactly one of db, url)
    int hot_days = 30;  // [store] hot_days: raw samples kept this many local days
};

void bind_hub_config(ConfigBinder& binder, HubConfig& cfg);

// Command-line values; each one given replaces the file's.
struct HubOverrides {
    // db and store_url each replace the file's whole [store] location.
    std::optional<std::string> db, store_url, amqp, broker, prefix, client_id, username, password, cafile, certfile,
        keyfile;
    std::optional<int> hot_days, prefetch;
};

// Reads `config_file` (if any), applies the overrides and checks the result.
// Throws pg::ConfigError with one line naming the file, key or option.
HubConfig load_hub_config(const std::optional<std::string>& config_file, const HubOverrides& overrides);

// The MQTT options the hub connects with: a fixed client id and a persistent
// session, so the broker queues QoS 1 batches while the hub is down.
MqttOptions hub_mqtt_options(const HubConfig& cfg);

// The store the config names, for open_hub_database / open_report_database.
StoreLocation store_location(const HubConfig& cfg);
// The same check for pg-report's --db / --store-url: exactly one, a URL that parses.
StoreLocation checked_store_location(const std::optional<std::string>& db, const std::optional<std::string>& url);

}  // namespace pg::hub
