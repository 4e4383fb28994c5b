#include "counter.hpp"

#include "app/message_queue.hpp"
#include "pg/mqtt_client.hpp"

#include <atomic>
#include <chrono>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace pg::load {

CountTotals run_counter(const LoadOptions& o) {
    using Clock = std::chrono::steady_clock;
    const auto broker = parse_broker(o.broker);
    if (!broker) throw std::invalid_argument("bad --broker " + o.broker);
    std::atomic<std::int64_t> count{0}, bytes{0};
    std::atomic<Clock::rep> first{0}, last{0};
    std::atomic<int> subscribed{0};
    const auto counted = [&](std::size_t payload_bytes) {
        const auto now = Clock::now().time_since_epoch().count();
        if (count.fetch_add(1) == 0) first = now;
        last = now;
        bytes += static_cast<std::int64_t>(payload_bytes);
    };
    const std::string filter =
        o.subscribers > 1 ? "$share/" + o.client_id + "/" + o.prefix + "/+/batch" : o.prefix + "/+/batch";
    hub::MessageQueue queue(5000);
    std::atomic<bool> consuming{true};
    std::thread consumer;
    if (o.hand_off)
        consumer = std::thread([&] {
            while (consuming) {
                auto taken = queue.pop_batch(500, std::chrono::milliseconds(50));
                for (const auto& m : taken) counted(m.payload.size());
                queue.mark_stored(taken.size());
            }
        });
    std::vector<std::unique_ptr<MqttClient>> clients;
    for (int i = 0; i < o.subscribers; ++i) {
        MqttOptions mo;
        mo.broker = *broker;
        mo.client_id = i == 0 ? o.client_id : o.client_id + "-" + std::to_string(i + 1);
        MqttCallbacks cb;
        cb.on_connect = [&, i](bool ok, std::string_view) {
            if (ok) clients[static_cast<std::size_t>(i)]->subscribe(filter, o.qos);
        };
        cb.on_subscribe = [&](int) { ++subscribed; };
        cb.on_message = [&](const MqttMessage& m) {
            if (!o.hand_off) return counted(m.payload.size());
            queue.wait_stored(queue.push(hub::IncomingMessage{std::string(m.topic), {m.payload.begin(), m.payload.end()}, 0}));
        };
        clients.push_back(std::make_unique<MqttClient>(mo, cb));
    }
    for (auto& c : clients) c->start();
    while (subscribed < o.subscribers) std::this_thread::sleep_for(std::chrono::milliseconds(10));
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
    queue.stop_blocking();
    for (auto& c : clients) c->stop();
    consuming = false;
    if (consumer.joinable()) consumer.join();
    CountTotals t;
    t.messages = count;
    t.bytes = bytes;
    t.seconds = std::chrono::duration<double>(Clock::duration(last.load() - first.load())).count();
    return t;
}

}  // namespace pg::load
