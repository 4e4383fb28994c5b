#include "app/ha_remove_command.hpp"

#include "app/ha_discovery.hpp"
#include "app/ha_discovery_record.hpp"
#include "pg/exit_codes.hpp"
#include "pg/mqtt_client.hpp"
#include "pg/mqtt_config.hpp"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>

namespace pg {

int run_ha_remove_command(const EdgeConfig& config, std::ostream& out, std::ostream& err,
                          const std::atomic<bool>& stop, std::chrono::seconds timeout, bool force) {
    HaDiscoveryRecord record(std::filesystem::path(config.state_dir) / "ha-discovery");
    std::vector<std::string> topics = record.topics();
    const std::string current = ha_discovery_topic(ha_discovery_info(config));
    if (std::find(topics.begin(), topics.end(), current) == topics.end()) topics.push_back(current);

    std::mutex mutex;
    std::condition_variable cv;
    std::map<int, std::string> pending;  // message id -> topic
    std::set<std::string> cleared;
    bool started = false;                // the clears have been sent once
    std::optional<std::chrono::steady_clock::time_point> subscribed_at;
    std::string availability;
    std::string refused;
    const std::string availability_topic = device_topic(config.mqtt.prefix, config.device_id, "availability");
    MqttOptions options = to_mqtt_options(config.mqtt);
    // Its own client id and no session: a running pg-edge keeps its own (unless
    // the broker ties client ids to user names, then it reconnects at once).
    options.client_id = "pg-edge-" + config.device_id + "-ha-remove";
    options.clean_session = true;
    std::unique_ptr<MqttClient> client;
    auto send_locked = [&] {
        for (const auto& t : topics)
            if (!cleared.count(t))
                if (auto r = client->publish(t, std::string_view(), 1, true); r.ok) pending[r.mid] = t;
    };
    MqttCallbacks cb;
    cb.on_connect = [&](bool ok, std::string_view reason) {
        std::lock_guard lock(mutex);
        if (!ok) refused = std::string(reason);
        else if (!started) client->subscribe(availability_topic, 1);
        else send_locked();  // a new connection: what was not acknowledged goes again
        cv.notify_all();
    };
    cb.on_subscribe = [&](int) {
        std::lock_guard lock(mutex);
        subscribed_at = std::chrono::steady_clock::now();
        cv.notify_all();
    };
    cb.on_message = [&](const MqttMessage& m) {
        std::lock_guard lock(mutex);
        if (m.topic == availability_topic)
            availability.assign(reinterpret_cast<const char*>(m.payload.data()), m.payload.size());
    };
    cb.on_publish = [&](int mid) {
        std::lock_guard lock(mutex);
        if (auto it = pending.find(mid); it != pending.end()) {
            cleared.insert(it->second);
            pending.erase(it);
        }
        cv.notify_all();
    };
    client = std::make_unique<MqttClient>(options, std::move(cb));
    client->start();
    std::unique_lock lock(mutex);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    auto wait_until = [&](auto done) {
        while (!done() && !stop && std::chrono::steady_clock::now() < deadline)
            cv.wait_for(lock, std::chrono::milliseconds(50));
        return done();
    };
    // The broker sends a retained availability right after the subscription.
    const bool reached = wait_until([&] {
        return subscribed_at && std::chrono::steady_clock::now() - *subscribed_at > std::chrono::milliseconds(500);
    });
    if (reached && availability == "online" && !force) {
        lock.unlock();
        client->stop();
        err << "pg-edge ha-remove: " << config.device_id << " is online (" << availability_topic
            << "): a running pg-edge would announce it again; stop it first (sudo systemctl stop postureguard-edge), "
               "or set homeassistant.discovery = false and restart it, which clears the config itself; --force "
               "clears anyway\n";
        return exit_code::failure;
    }
    if (reached) {
        started = true;
        send_locked();
    }
    const bool done = wait_until([&] { return cleared.size() == topics.size(); });
    const bool sent = started;
    const std::size_t acked = cleared.size();
    lock.unlock();
    client->stop();
    record.remove(std::vector<std::string>(cleared.begin(), cleared.end()));
    if (!done) {
        err << "pg-edge ha-remove: " << (sent ? "the broker acknowledged " + std::to_string(acked) + " of " +
                                                    std::to_string(topics.size()) + " clears"
                                              : (config.mqtt.broker.find(',') == std::string::npos
                                                     ? "could not reach the broker at "
                                                     : "could not reach any of the brokers ") +
                                                    config.mqtt.broker +
                                                    (refused.empty() ? "" : " (" + refused + ")"))
            << " within " << timeout.count() << " s; run it again\n";
        return exit_code::failure;
    }
    for (const auto& t : topics) out << "cleared " << t << "\n";
    if (config.ha_discovery)
        out << "note: homeassistant.discovery is on: pg-edge announces the device again when it starts; set it "
               "to false to keep the device out of Home Assistant\n";
    return exit_code::ok;
}

}  // namespace pg
