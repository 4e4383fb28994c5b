#pragma once

#include "app/message_queue.hpp"
#include "ingest/ingest_stats.hpp"
#include "ingest/ingestor.hpp"
#include "mart/tiers.hpp"
#include "pg/mqtt_client.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace pg::hub {

// Tuning of the run loop; the defaults suit a Pi-class hub.
struct HubLoopSettings {
    std::size_t queue_capacity = 5000;
    std::size_t max_batch = 500;                       // messages per transaction
    std::chrono::milliseconds max_wait{50};            // wait for a first message this long
    std::chrono::milliseconds mart_refresh_every{250};  // marts lag the raw data by at most this
    std::chrono::milliseconds stats_every{60 * 1000};  // info line with counts
    std::chrono::milliseconds maintenance_every{60 * 1000};  // day rollover check
    int hot_days = 30;                                 // prune samples older than this
};

// Wires MQTT to the Ingestor: the network thread copies each message into the
// queue and waits until run(), on the calling thread, has committed it (see
// MessageQueue); marts are refreshed every `mart_refresh_every`.
//
// One connection, one plain subscription, although waiting for the commit allows
// only one message per round trip: several connections on an MQTT shared
// subscription were 2-4x faster, but mosquitto 2.0.11 (Debian 12) does not keep a
// shared subscription over a broker restart, so batches published before the hub
// subscribed again were dropped by the broker (DeliveryFaults.BrokerRestartedWhileHubDown).
class HubService {
public:
    HubService(Database& db, MqttOptions mqtt, std::string prefix, HubLoopSettings settings = {});
    ~HubService();
    HubService(const HubService&) = delete;
    HubService& operator=(const HubService&) = delete;

    // Runs until `stop` becomes true; then disconnects, stores what was queued and
    // returns the totals. Throws StoreError if the database fails for good.
    IngestStats run(const std::atomic<bool>& stop);

private:
    void store(std::vector<IncomingMessage>& messages, const std::atomic<bool>& stop);
    void log_stats(const char* what, const IngestStats& s) const;
    // Prune at start and after every local midnight; a busy database only delays it.
    void maintain(bool prune_now);

    HubLoopSettings settings_;
    std::string subscription_;
    MessageQueue queue_;
    Ingestor ingestor_;
    TierMaintenance tiers_;
    std::unique_ptr<MqttClient> client_;
    IngestStats totals_;
};

}  // namespace pg::hub
