// pg-hub: subscribes to the edges' batches and stores them (DESIGN.md, "The hub").
// A thin main: options and signals here, everything else in hub_core.
#include "app/hub_config.hpp"
#include "app/hub_service.hpp"
#include "pg/errors.hpp"
#include "pg/cli.hpp"
#include "pg/exit_codes.hpp"
#include "pg/log.hpp"
#include "pg/stop_signals.hpp"
#include "store/schema.hpp"


#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"pg-hub: receives Posture Guard batches over MQTT and stores them in SQLite.\n"
                 "Command-line options override the config file ([mqtt] and [store] tables)."};
    std::optional<std::string> config_file, log_level;
    pg::hub::HubOverrides o;
    app.add_option("--config", config_file, "TOML config file")->type_name("FILE");
    app.add_option("--db", o.db, "SQLite database file, created if missing ([store] db)")->type_name("FILE");
    app.add_option("--broker", o.broker, "MQTT broker HOST[:PORT] (default 127.0.0.1:1883)")->type_name("HOST[:PORT]");
    app.add_option("--prefix", o.prefix, "topic prefix (default postureguard)")->type_name("P");
    app.add_option("--client-id", o.client_id, "MQTT client id, fixed for the persistent session (default pg-hub)")->type_name("ID");
    app.add_option("--username", o.username, "MQTT username")->type_name("U");
    app.add_option("--password", o.password, "MQTT password")->type_name("P");
    app.add_option("--cafile", o.cafile, "CA certificate: enables TLS")->type_name("FILE");
    app.add_option("--certfile", o.certfile, "client certificate for TLS")->type_name("FILE");
    app.add_option("--keyfile", o.keyfile, "client key for TLS")->type_name("FILE");
    app.add_option("--log-level", log_level, "trace, debug, info (default), warn, error, off")->type_name("L");
    app.footer("Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.");
    if (auto rc = pg::parse_command_line(app, argc, argv)) return *rc;

    try {
        if (log_level) {
            pg::log::Level level;
            if (!pg::log::parse_level(*log_level, level))
                throw pg::ConfigError("--log-level '" + *log_level + "' is not trace, debug, info, warn, error or off");
            pg::log::set_level(level);
        }
        const auto cfg = pg::hub::load_hub_config(config_file, o);
        const auto mqtt = pg::hub::hub_mqtt_options(cfg);
        auto db = pg::hub::open_hub_database(cfg.db);
        pg::log::info("hub", "database ", cfg.db, " ready (schema version ", pg::hub::kSchemaVersion, ")");
        pg::hub::HubService service(db, mqtt, cfg.mqtt.prefix);
        service.run(pg::install_stop_signals());
        return pg::exit_code::ok;
    } catch (const pg::ConfigError& e) {
        std::cerr << "pg-hub: " << e.what() << "\n";
        return pg::exit_code::usage;
    } catch (const std::exception& e) {
        std::cerr << "pg-hub: " << e.what() << "\n";
        return pg::exit_code::failure;
    }
}
