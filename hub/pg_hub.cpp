// pg-hub: subscribes to the edges' batches and stores them (DESIGN.md, "The hub"),
// and looks after the tiers: `prune` and `rebuild` run once and exit.
// A thin main: options and signals here, everything else in hub_core.
#include "app/hub_config.hpp"
#ifdef PG_HAVE_AMQP
#include "app/amqp_hub_service.hpp"
#endif
#include "app/hub_service.hpp"
#include "app/tty_progress.hpp"
#include "mart/tiers.hpp"
#include "pg/cli.hpp"
#include "pg/errors.hpp"
#include "pg/exit_codes.hpp"
#include "pg/log.hpp"
#include "pg/stop_signals.hpp"
#include "store/salvage.hpp"
#include "store/schema.hpp"

#include <chrono>
#include <iostream>

namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"pg-hub: receives Posture Guard batches over MQTT (or, with --amqp, from a RabbitMQ\n"
                 "cluster's queues) and stores them in SQLite or PostgreSQL.\n"
                 "Command-line options override the config file ([mqtt], [store] and [ingest] tables)."};
    app.require_subcommand(0, 1);
    app.fallthrough();  // options may also follow the subcommand: pg-hub rebuild --db F
    std::optional<std::string> config_file, log_level;
    pg::hub::HubOverrides o;
    app.add_option("--config", config_file, "TOML config file")->type_name("FILE");
    app.add_option("--db", o.db, "SQLite database file, created if missing ([store] db)")->type_name("FILE");
    app.add_option("--store-url", o.store_url, "PostgreSQL database instead of a file, tables created if missing "
                                               "([store] url)")
        ->type_name("postgresql://USER@HOST:PORT/DB");
    app.add_option("--amqp", o.amqp, "consume a RabbitMQ cluster's queues instead of subscribing over MQTT: "
                                     "amqp://USER:PASS@HOST:PORT/VHOST[,...] ([ingest] amqp)")
        ->type_name("URLS");
    app.add_option("--prefetch", o.prefetch, "AMQP deliveries in flight, half of them per transaction "
                                             "([ingest] prefetch, default 512)")
        ->type_name("N");
    app.add_option("--broker", o.broker, "MQTT broker HOST[:PORT] (default 127.0.0.1:1883), or the nodes of a "
                                         "cluster to fail over between: HOST[:PORT],HOST[:PORT],...")
        ->type_name("HOST[:PORT][,...]");
    app.add_option("--prefix", o.prefix, "topic prefix (default postureguard)")->type_name("P");
    app.add_option("--client-id", o.client_id, "MQTT client id, fixed for the persistent session (default pg-hub)")->type_name("ID");
    app.add_option("--username", o.username, "MQTT username")->type_name("U");
    app.add_option("--password", o.password, "MQTT password")->type_name("P");
    app.add_option("--cafile", o.cafile, "CA certificate: enables TLS")->type_name("FILE");
    app.add_option("--certfile", o.certfile, "client certificate for TLS")->type_name("FILE");
    app.add_option("--keyfile", o.keyfile, "client key for TLS")->type_name("FILE");
    app.add_option("--hot-days", o.hot_days, "keep raw samples this many local days ([store] hot_days, default 30)")
        ->type_name("N");
    app.add_option("--log-level", log_level, "trace, debug, info (default), warn, error, off")->type_name("L");
    app.add_subcommand("run", "receive and store batches until SIGINT/SIGTERM (the default); prunes at start "
                              "and after each local midnight");
    auto* prune = app.add_subcommand("prune", "delete raw samples older than --hot-days now; marts and minute "
                                              "rollups are kept");
    auto* rebuild = app.add_subcommand("rebuild", "recompute every daily, hourly and weekly mart from the minute "
                                                  "rollups (after a restore or an upgrade)");
    bool from_samples = false;
    rebuild->add_flag("--from-samples", from_samples, "first recompute the minute rollups from the raw samples kept");
    std::string to;
    auto* backup = app.add_subcommand("backup", "copy the database, write-ahead log included, into one new file "
                                                "(reads only; works while the hub runs; SQLite only: a PostgreSQL "
                                                "store is backed up with pg_dump)");
    backup->add_option("--to", to, "the new file")->required()->type_name("FILE");
    auto* salvage = app.add_subcommand("salvage", "copy every readable row of a damaged database into a new one "
                                                  "and rebuild its marts; the damaged file is only read (SQLite only)");
    salvage->add_option("--to", to, "the new file")->required()->type_name("FILE");
    app.footer("Tiers: hot = raw samples (hot_days), warm = per-minute rollups, cold = daily and weekly marts;\n"
               "rollups and marts are kept forever.\n"
               "Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.");
    if (auto rc = pg::parse_command_line(app, argc, argv)) return *rc;

    try {
        if (log_level) {
            pg::log::Level level;
            if (!pg::log::parse_level(*log_level, level))
                throw pg::ConfigError("--log-level '" + *log_level + "' is not trace, debug, info, warn, error or off");
            pg::log::set_level(level);
        }
        const auto cfg = pg::hub::load_hub_config(config_file, o);
        if ((*backup || *salvage) && !cfg.url.empty())
            throw pg::ConfigError(std::string(*backup ? "backup" : "salvage") +
                                  " works on an SQLite file (--db); a PostgreSQL store is backed up with pg_dump and "
                                  "repaired by its server");
        if (*backup) {
            pg::hub::backup(cfg.db, to);
            std::cout << "backed up " << cfg.db << " to " << to << "\n";
            return pg::exit_code::ok;
        }
        if (*salvage) {
            const auto r = pg::hub::salvage(cfg.db, to);
            for (const auto& t : r.tables)
                std::cout << t.name << ": " << t.rows << " rows copied"
                          << (t.unreadable ? ", " + std::to_string(t.unreadable) + " damaged stretches skipped" : "")
                          << "\n";
            for (const auto& d : r.devices)
                std::cout << "device " << d.name << ": " << d.samples_missing
                          << " samples of stored batches were on damaged pages and are lost\n";
            std::cout << "salvaged into " << to << "; pg-report devices shows lost batches as sequence gaps\n";
            return pg::exit_code::ok;
        }
#ifdef PG_HAVE_AMQP
        pg::hub::AmqpIngestSettings amqp;  // checked before the database is touched
        if (!cfg.ingest.amqp.empty()) {
            amqp.nodes = pg::hub::parse_amqp_urls(cfg.ingest.amqp);
            amqp.queue = cfg.ingest.queue;
            amqp.state_queue = cfg.ingest.state_queue;
            amqp.prefetch = cfg.ingest.prefetch;
        }
#else
        if (!cfg.ingest.amqp.empty())
            throw pg::ConfigError("[ingest] amqp: this pg-hub was built without AMQP (librabbitmq)");
#endif
        auto db = pg::hub::open_hub_database(pg::hub::store_location(cfg));
        pg::log::info("hub", "database ", db.name(), " ready (schema version ", pg::hub::kSchemaVersion, ")");
        if (*prune) {
            pg::hub::TierMaintenance tiers(db);
            const auto r = tiers.prune(now_ms(), cfg.hot_days);
            std::cout << "pruned " << r.samples_deleted << " samples older than " << cfg.hot_days << " days ("
                      << r.devices << " devices)\n";
            return pg::exit_code::ok;
        }
        if (*rebuild) {
            pg::hub::TierMaintenance tiers(db);
            pg::hub::TtyProgress progress("rebuild");
            const auto n = tiers.rebuild(from_samples, [&](auto done, auto total) { progress(done, total); });
            std::cout << "rebuilt " << n << " device-days\n";
            return pg::exit_code::ok;
        }
        pg::hub::HubLoopSettings settings;
        settings.hot_days = cfg.hot_days;
        if (!cfg.ingest.amqp.empty()) {
#ifdef PG_HAVE_AMQP
            pg::hub::AmqpHubService service(db, std::move(amqp), cfg.mqtt.prefix, settings);
            service.run(pg::install_stop_signals());
            return pg::exit_code::ok;
#endif
        }
        const auto mqtt = pg::hub::hub_mqtt_options(cfg);
        pg::hub::HubService service(db, mqtt, cfg.mqtt.prefix, settings);
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
