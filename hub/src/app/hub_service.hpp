#pragma once

#include "ingest/ingest_stats.hpp"
#include "ingest/ingestor.hpp"
#include "mart/tiers.hpp"
#include "pg/mqtt_client.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <memory>
#include <mutex>
#include <string>

namespace pg::hub {

// Tuning of the run loop; the defaults suit a Pi-class hub.
struct HubLoopSettings {
    std::chrono::milliseconds tick{50};                // the main loop's pace
    std::chrono::milliseconds mart_refresh_every{250};  // marts lag the raw data by at most this
    std::chrono::milliseconds stats_every{60 * 1000};  // info line with counts
    std::chrono::milliseconds maintenance_every{60 * 1000};  // day rollover check
    int hot_days = 30;                                 // prune samples older than this
};

// Wires MQTT to the Ingestor. The MQTT network thread stores each message in its
// own transaction before its callback returns, and libmosquitto 2.0 sends the
// QoS 1 PUBACK only when the callback returns: a hub killed at any moment has
// acknowledged only what it committed. Storing on that thread, not handing over
// to another, saves two thread wake-ups a message (measured 2x batches/s).
// run(), on the calling thread, refreshes the marts every `mart_refresh_every`
// and looks after the tiers; one mutex keeps the two threads off the database
// at the same time.
//
// One connection and a plain subscription: several connections on an MQTT
// shared subscription would commit more per transaction, but mosquitto 2.0.11
// (Debian 12) does not keep a shared subscription over a broker restart, and
// batches published before the hub subscribed again were dropped
// (DeliveryFaults.BrokerRestartedWhileHubDown).
class HubService {
public:
    HubService(Database& db, MqttOptions mqtt, std::string prefix, HubLoopSettings settings = {});
    ~HubService();
    HubService(const HubService&) = delete;
    HubService& operator=(const HubService&) = delete;

    // Runs until `stop` becomes true; then disconnects and returns the totals.
    // Throws StoreError if the database fails for good.
    IngestStats run(const std::atomic<bool>& stop);

private:
    // On the network thread. Retries while another writer holds the database;
    // on any other failure the connection is dropped before the PUBACK can go
    // out (the broker redelivers later) and run() reports the error.
    void store(const MqttMessage& m);
    void log_stats(const char* what, const IngestStats& s) const;
    // Prune at start and after every local midnight; a busy database only delays it.
    void maintain(bool prune_now);

    HubLoopSettings settings_;
    std::string subscription_;
    std::mutex db_mutex_;  // the Ingestor, the tiers and totals_
    Ingestor ingestor_;
    TierMaintenance tiers_;
    std::unique_ptr<MqttClient> client_;
    IngestStats totals_;
    std::atomic<bool> stopping_{false};  // a busy database is not waited for any more
    std::exception_ptr failure_;  // under db_mutex_
};

}  // namespace pg::hub
