#include "publisher.hpp"

#include "pg/batch_codec.hpp"
#include "pg/log.hpp"
#include "pg/mqtt_client.hpp"
#include "traffic.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace pg::load {
namespace {

using Clock = std::chrono::steady_clock;

// One connection and its publish window: libmosquitto would otherwise queue
// without bound in memory when we publish faster than the broker acknowledges.
struct Connection {
    std::mutex m;
    std::condition_variable cv;
    int outstanding = 0;
    std::int64_t acked = 0;
    std::unique_ptr<MqttClient> client;
};

std::string device_name(int i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "load-%05d", i);
    return buf;
}

}  // namespace

PublishTotals run_publisher(const LoadOptions& o, MartProbe* probe) {
    const auto broker = parse_broker(o.broker);
    if (!broker) throw std::invalid_argument("bad --broker " + o.broker);
    std::vector<std::unique_ptr<Connection>> conns;
    for (int c = 0; c < o.connections; ++c) {
        auto conn = std::make_unique<Connection>();
        MqttOptions mo;
        mo.brokers = {*broker};
        mo.client_id = "pg-load-pub-" + std::to_string(c);
        mo.username = o.username;
        mo.password = o.password;
        mo.max_inflight = o.window;
        MqttCallbacks cb;
        Connection* raw = conn.get();
        cb.on_publish = [raw](int) {
            { std::lock_guard l(raw->m); --raw->outstanding; ++raw->acked; }
            raw->cv.notify_all();
        };
        conn->client = std::make_unique<MqttClient>(mo, cb);
        conn->client->start();
        conns.push_back(std::move(conn));
    }
    for (auto deadline = Clock::now() + std::chrono::seconds(10); Clock::now() < deadline;) {
        bool all = true;
        for (auto& c : conns) all = all && c->client->connected();
        if (all) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    std::vector<SimDevice> devs;
    for (int i = 0; i < o.devices; ++i)
        devs.emplace_back(device_name(i), 0x9e3779b9u ^ static_cast<std::uint32_t>(i), o.seed * 7919u + static_cast<std::uint32_t>(i));
    if (probe) probe->set_devices(o.devices);

    const auto span = static_cast<std::int64_t>(o.batch_s * 1000);
    const auto rounds = static_cast<std::int64_t>(o.duration_s * 1000) / span;
    PublishTotals t;
    const auto start = Clock::now();
    for (std::int64_t k = 0; k < rounds; ++k) {
        for (int i = 0; i < o.devices; ++i) {
            const std::int64_t phase = span * i / o.devices;
            if (o.speed > 0) {
                // A batch leaves when its last sample is "now" in simulated time.
                const auto due = start + std::chrono::microseconds(
                                             static_cast<std::int64_t>(double(k * span + phase) * 1000 / o.speed));
                std::this_thread::sleep_until(due);
            }
            auto b = devs[static_cast<std::size_t>(i)].next_batch(o.t0_ms + k * span + phase, span,
                                                                  static_cast<std::uint32_t>(o.cadence_ms));
            const auto payload = encode_batch(b);
            auto& conn = *conns[static_cast<std::size_t>(i % o.connections)];
            {
                std::unique_lock l(conn.m);
                conn.cv.wait(l, [&] { return conn.outstanding < o.window; });
                ++conn.outstanding;
            }
            if (probe && !b.samples.empty()) probe->published(i, b.samples.back().t_ms);
            const auto r = conn.client->publish(o.prefix + "/" + b.device + "/batch", payload, o.qos, false);
            if (!r.ok) throw std::runtime_error("publish failed: " + r.error);
            ++t.batches;
            t.samples += static_cast<std::int64_t>(b.samples.size());
            t.events += static_cast<std::int64_t>(b.events.size());
            t.payload_bytes += static_cast<std::int64_t>(payload.size());
        }
    }
    for (auto& c : conns) {
        std::unique_lock l(c->m);
        c->cv.wait_for(l, std::chrono::seconds(60), [&] { return c->outstanding == 0; });
    }
    t.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    for (auto& c : conns) c->client->stop();
    return t;
}

}  // namespace pg::load
