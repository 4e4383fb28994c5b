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
    // MQTT connections sharing one subscription (see HubService). Each is a
    // persistent session named after the client id, so this must never shrink
    // between releases: the broker keeps queueing for a session nobody opens.
    int connections = 8;
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
// Waiting for the commit limits one connection to one message per round trip,
// so the hub opens `connections` clients on one MQTT shared subscription
// ($share/<client id>/<prefix>/+/batch): the broker spreads the batches over
// them, their callbacks wait together, and one transaction commits them all.
// Client ids are "<id>", "<id>-2", ... "<id>-N", each a persistent session.
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
    void stop_clients();

    HubLoopSettings settings_;
    std::string subscription_;
    MessageQueue queue_;
    Ingestor ingestor_;
    TierMaintenance tiers_;
    std::vector<std::unique_ptr<MqttClient>> clients_;
    std::atomic<int> subscribed_{0};
    IngestStats totals_;
};

}  // namespace pg::hub
