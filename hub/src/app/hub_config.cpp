#include "app/hub_config.hpp"

#include "pg/config_binder.hpp"
#include "pg/errors.hpp"

#include <filesystem>

namespace pg::hub {

void bind_hub_config(ConfigBinder& binder, HubConfig& cfg) {
    bind_mqtt_config(binder, cfg.mqtt);
    binder.bind("store.db", &cfg.db);
    binder.bind("store.hot_days", &cfg.hot_days, 1, 36500);
    binder.bind("ingest.amqp", &cfg.ingest.amqp);
    binder.bind("ingest.queue", &cfg.ingest.queue);
    binder.bind("ingest.state_queue", &cfg.ingest.state_queue);
    binder.bind("ingest.prefetch", &cfg.ingest.prefetch, 2, 65535);
}

HubConfig load_hub_config(const std::optional<std::string>& config_file, const HubOverrides& o) {
    HubConfig cfg;
    cfg.mqtt.client_id = kDefaultHubClientId;
    if (config_file) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(*config_file, ec))
            throw ConfigError("config file " + *config_file + " not found");
        ConfigBinder binder;
        bind_hub_config(binder, cfg);
        binder.apply_file(*config_file);
    }
    const auto take = [](const std::optional<std::string>& v, std::string& field) {
        if (v) field = *v;
    };
    take(o.db, cfg.db);
    take(o.amqp, cfg.ingest.amqp);
    if (o.prefetch) {
        if (*o.prefetch < 2 || *o.prefetch > 65535) throw ConfigError("--prefetch must be 2..65535");
        cfg.ingest.prefetch = *o.prefetch;
    }
    take(o.broker, cfg.mqtt.broker);
    take(o.prefix, cfg.mqtt.prefix);
    take(o.client_id, cfg.mqtt.client_id);
    take(o.username, cfg.mqtt.username);
    take(o.password, cfg.mqtt.password);
    take(o.cafile, cfg.mqtt.cafile);
    take(o.certfile, cfg.mqtt.certfile);
    take(o.keyfile, cfg.mqtt.keyfile);
    if (o.hot_days) {
        if (*o.hot_days < 1) throw ConfigError("--hot-days must be at least 1");
        cfg.hot_days = *o.hot_days;
    }
    if (cfg.db.empty()) throw ConfigError("no database: give --db FILE or [store] db in the config file");
    if (cfg.mqtt.client_id.empty()) cfg.mqtt.client_id = kDefaultHubClientId;
    if (cfg.ingest.queue.empty()) cfg.ingest.queue = cfg.mqtt.prefix + ".batches";
    if (cfg.ingest.state_queue.empty()) cfg.ingest.state_queue = cfg.mqtt.prefix + ".state";
    return cfg;
}

MqttOptions hub_mqtt_options(const HubConfig& cfg) {
    MqttOptions o = to_mqtt_options(cfg.mqtt);  // validates broker and prefix
    o.clean_session = false;
    return o;
}

}  // namespace pg::hub
