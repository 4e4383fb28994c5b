// pg-load: the end-to-end load generator (bench/RESULTS.md "End to end").
// A thin main: options here, the work in publisher/counter/mart_probe.
#include "counter.hpp"
#include "load_options.hpp"
#include "mart_probe.hpp"
#include "publisher.hpp"
#include "pg/log.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>

namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return -1;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

std::int64_t yesterday_midnight_utc_ms() {
    using namespace std::chrono;
    const auto today = floor<days>(system_clock::now());
    return duration_cast<milliseconds>((today - days(1)).time_since_epoch()).count();
}

void emit(const nlohmann::json& j, const std::string& file) {
    std::cout << j.dump(2) << std::endl;
    if (!file.empty()) std::ofstream(file) << j.dump(2) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    pg::load::LoadOptions o;
    CLI::App app{"pg-load: simulated Posture Guard devices publishing real v1 batches, or a counting subscriber"};
    app.add_option("--broker", o.broker, "HOST[:PORT]");
    app.add_option("--prefix", o.prefix, "topic prefix");
    app.add_option("--username", o.username, "MQTT username (publishing only)");
    app.add_option("--password", o.password, "MQTT password");
    app.add_option("--devices,-n", o.devices, "simulated devices")->check(CLI::Range(1, 1000000));
    app.add_option("--connections,-k", o.connections, "MQTT connections shared by the devices")->check(CLI::Range(1, 1000));
    app.add_option("--duration", o.duration_s, "simulated seconds per device (86400 = a day)");
    app.add_option("--batch", o.batch_s, "simulated seconds per batch (edge default 10)");
    app.add_option("--cadence", o.cadence_ms, "ms between samples (edge default 600)");
    app.add_option("--speed", o.speed, "real-time factor (1 = live, 60 = an hour a minute); 0 = max");
    app.add_option("--qos", o.qos, "0 or 1")->check(CLI::Range(0, 1));
    app.add_option("--window", o.window, "unacknowledged publishes per connection");
    app.add_option("--t0", o.t0_ms, "simulated start, Unix ms (default yesterday 00:00 UTC)");
    app.add_option("--seed", o.seed, "posture timeline seed");
    app.add_option("--latency-db", o.latency_db, "hub database to poll read-only for edge->mart latency");
    app.add_option("--drain", o.drain_s, "seconds to wait after the last publish for the marts");
    app.add_option("--summary", o.summary, "also write the JSON summary here");
    app.add_flag("--count-only", o.count_only, "subscribe and count instead of publishing (broker-only baseline)");
    app.add_option("--expect", o.expect, "--count-only: stop after this many messages");
    app.add_option("--idle", o.idle_s, "--count-only: stop after this many seconds without a message");
    app.add_option("--client-id", o.client_id, "--count-only: client id");
    CLI11_PARSE(app, argc, argv);
    pg::log::set_level(pg::log::Level::warn);  // one line per connection would bury the summary
    o.connections = std::min(o.connections, o.devices);
    if (o.t0_ms == 0) o.t0_ms = yesterday_midnight_utc_ms();
    try {
        if (o.count_only) {
            const auto c = pg::load::run_counter(o);
            emit({{"mode", "count"}, {"messages", c.messages}, {"bytes", c.bytes}, {"seconds", c.seconds},
                  {"msgs_per_s", c.seconds > 0 ? double(c.messages) / c.seconds : 0}},
                 o.summary);
            return 0;
        }
        std::unique_ptr<pg::load::MartProbe> probe;
        if (!o.latency_db.empty()) probe = std::make_unique<pg::load::MartProbe>(o.latency_db);
        const auto p = pg::load::run_publisher(o, probe.get());
        nlohmann::json j{{"mode", "publish"}, {"devices", o.devices}, {"connections", o.connections},
                         {"batches", p.batches}, {"samples", p.samples}, {"events", p.events},
                         {"payload_bytes", p.payload_bytes}, {"publish_seconds", p.seconds},
                         {"publish_msgs_per_s", double(p.batches) / p.seconds},
                         {"bytes_per_sample", p.samples ? double(p.payload_bytes) / double(p.samples) : 0}};
        if (probe) {
            probe->drain(o.drain_s);
            const auto lat = probe->latencies_ms();
            const auto h = probe->hub_totals();
            nlohmann::json backlog = nlohmann::json::array();
            for (auto [t, n] : probe->backlog()) backlog.push_back({t, n});
            j.update({{"latency_n", lat.size()}, {"latency_p50_ms", percentile(lat, 0.5)},
                      {"latency_p99_ms", percentile(lat, 0.99)}, {"latency_max_ms", percentile(lat, 1.0)},
                      {"not_visible", probe->pending()}, {"hub_batches", h.batches}, {"hub_samples", h.samples},
                      {"hub_seconds", h.seconds},
                      {"hub_batches_per_s", h.seconds > 0 ? double(h.batches) / h.seconds : 0},
                      {"hub_samples_per_s", h.seconds > 0 ? double(h.samples) / h.seconds : 0},
                      {"backlog", backlog}});
        }
        emit(j, o.summary);
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "pg-load: " << e.what() << "\n";
        return 1;
    }
}
