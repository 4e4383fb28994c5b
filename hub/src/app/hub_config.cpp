#include "app/hub_config.hpp"

#include "pg/config_binder.hpp"
#include "pg/errors.hpp"

#ifdef PG_HAVE_POSTGRESQL
#include "store/postgres_engine.hpp"
#endif

#include <filesystem>

namespace pg::hub {

void bind_hub_config(ConfigBinder& binder, HubConfig& cfg) {
    bind_mqtt_config(binder, cfg.mqtt);
    binder.bind("store.db", &cfg.db);
    binder.bind("store.url", &cfg.url);
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
    if (o.db && o.store_url) throw ConfigError("give --db FILE or --store-url URL, not both");
    if (o.db) cfg.url.clear();
    if (o.store_url) cfg.db.clear();
    take(o.db, cfg.db);
    take(o.amqp, cfg.ingest.amqp);
    if (o.prefetch) {
        if (*o.prefetch < 2 || *o.prefetch > 65535) throw ConfigError("--prefetch must be 2..65535");
        cfg.ingest.prefetch = *o.prefetch;
    }
    take(o.store_url, cfg.url);
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
    checked_store_location(cfg.db.empty() ? std::nullopt : std::optional(cfg.db),
                           cfg.url.empty() ? std::nullopt : std::optional(cfg.url));
    if (cfg.mqtt.client_id.empty()) cfg.mqtt.client_id = kDefaultHubClientId;
    if (cfg.ingest.queue.empty()) cfg.ingest.queue = cfg.mqtt.prefix + ".batches";
    if (cfg.ingest.state_queue.empty()) cfg.ingest.state_queue = cfg.mqtt.prefix + ".state";
    return cfg;
}

StoreLocation store_location(const HubConfig& cfg) { return {cfg.db, cfg.url}; }

StoreLocation checked_store_location(const std::optional<std::string>& db, const std::optional<std::string>& url) {
    if (db && url)
        throw ConfigError("[store] db and url are both set: the store is either an SQLite file (db) or a "
                          "PostgreSQL database (url), give one");
    if ((!db || db->empty()) && (!url || url->empty()))
        throw ConfigError("no database: give --db FILE or --store-url URL, or [store] db or url in the config file");
    if (db) return {*db, {}};
#ifdef PG_HAVE_POSTGRESQL
    if (auto problem = postgres_url_problem(*url))
        throw ConfigError("[store] url / --store-url '" + postgres_display_name(*url) + "' " + *problem +
                          " (expected postgresql://user@host:port/dbname)");
#else
    throw ConfigError("[store] url / --store-url: this build has no PostgreSQL support (PG_WITH_POSTGRESQL=OFF)");
#endif
    return {{}, *url};
}

MqttOptions hub_mqtt_options(const HubConfig& cfg) {
    MqttOptions o = to_mqtt_options(cfg.mqtt);  // validates broker and prefix
    o.clean_session = false;
    return o;
}

}  // namespace pg::hub
