#include "app/ha_remove_command.hpp"

#include "app/ha_discovery.hpp"
#include "app/ha_discovery_record.hpp"
#include "pg/exit_codes.hpp"
#include "pg/mqtt_client.hpp"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <set>

namespace pg {

int run_ha_remove_command(const EdgeConfig& config, std::ostream& out, std::ostream& err,
                          const std::atomic<bool>& stop, std::chrono::seconds timeout) {
    HaDiscoveryRecord record(std::filesystem::path(config.state_dir) / "ha-discovery");
    std::vector<std::string> topics = record.topics();
    const std::string current = ha_discovery_topic(ha_discovery_info(config));
    if (std::find(topics.begin(), topics.end(), current) == topics.end()) topics.push_back(current);

    std::mutex mutex;
    std::condition_variable cv;
    std::set<int> pending;
    std::size_t acked = 0;
    bool sent = false;
    std::string refused;
    MqttOptions options = to_mqtt_options(config.mqtt);
    options.client_id = "pg-edge-" + config.device_id + "-ha-remove";
    options.clean_session = true;
    MqttCallbacks cb;
    std::unique_ptr<MqttClient> client;
    cb.on_connect = [&](bool ok, std::string_view reason) {
        std::lock_guard lock(mutex);
        if (!ok) {
            refused = std::string(reason);
            cv.notify_all();
            return;
        }
        if (sent) return;  // acknowledged ones stay cleared; the rest is resent by the session
        sent = true;
        for (const auto& t : topics)
            if (auto r = client->publish(t, std::string_view(), 1, true); r.ok) pending.insert(r.mid);
    };
    cb.on_publish = [&](int mid) {
        std::lock_guard lock(mutex);
        if (pending.erase(mid)) ++acked;
        cv.notify_all();
    };
    client = std::make_unique<MqttClient>(options, std::move(cb));
    client->start();
    std::unique_lock lock(mutex);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (acked < topics.size() && !stop && std::chrono::steady_clock::now() < deadline)
        cv.wait_for(lock, std::chrono::milliseconds(100));
    const bool done = acked == topics.size();
    lock.unlock();
    client->stop();
    if (!done) {
        err << "pg-edge ha-remove: " << (sent ? "the broker acknowledged " + std::to_string(acked) + " of " +
                                                    std::to_string(topics.size()) + " clears"
                                              : "could not reach the broker at " + config.mqtt.broker +
                                                    (refused.empty() ? "" : " (" + refused + ")"))
            << " within " << timeout.count() << " s; nothing forgotten, run it again\n";
        return exit_code::failure;
    }
    record.remove(topics);
    for (const auto& t : topics) out << "cleared " << t << "\n";
    if (config.ha_discovery)
        out << "note: homeassistant.discovery is on: a running pg-edge announces the device again when it "
               "reconnects; set it to false to keep the device out of Home Assistant\n";
    return exit_code::ok;
}

}  // namespace pg
