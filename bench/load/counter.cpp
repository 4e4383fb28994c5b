#include "counter.hpp"

#include "pg/mqtt_client.hpp"

#include <atomic>
#include <chrono>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace pg::load {

CountTotals run_counter(const LoadOptions& o) {
    using Clock = std::chrono::steady_clock;
    const auto broker = parse_broker(o.broker);
    if (!broker) throw std::invalid_argument("bad --broker " + o.broker);
    std::atomic<std::int64_t> count{0}, bytes{0};
    std::atomic<Clock::rep> first{0}, last{0};
    std::atomic<bool> ready{false};
    MqttOptions mo;
    mo.brokers = {*broker};
    mo.client_id = o.client_id;
    const std::string filter = o.prefix + "/+/batch";
    std::unique_ptr<MqttClient> client;
    MqttCallbacks cb;
    cb.on_connect = [&](bool ok, std::string_view) { if (ok) client->subscribe(filter, o.qos); };
    cb.on_subscribe = [&](int) { ready = true; };
    cb.on_message = [&](const MqttMessage& m) {
        const auto now = Clock::now().time_since_epoch().count();
        if (count.fetch_add(1) == 0) first = now;
        last = now;
        bytes += static_cast<std::int64_t>(m.payload.size());
    };
    client = std::make_unique<MqttClient>(mo, cb);
    client->start();
    while (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::cout << "ready" << std::endl;
    auto seen = count.load();
    auto quiet_since = Clock::now();
    while (o.expect == 0 || count < o.expect) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (count != seen) {
            seen = count;
            quiet_since = Clock::now();
        } else if (Clock::now() - quiet_since > std::chrono::duration<double>(o.idle_s)) {
            break;
        }
    }
    client->stop();
    CountTotals t;
    t.messages = count;
    t.bytes = bytes;
    t.seconds = std::chrono::duration<double>(Clock::duration(last.load() - first.load())).count();
    return t;
}

}  // namespace pg::load
