#pragma once

#include "amqp/amqp_connection.hpp"
#include "app/hub_service.hpp"
#include "ingest/ingestor.hpp"
#include "mart/tiers.hpp"
#include "store/device_state.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace pg::hub {

struct AmqpIngestSettings {
    std::vector<AmqpEndpoint> nodes;  // tried in turn; a lost node hands over to the next
    std::string queue;                // the batches (a quorum queue)
    std::string state_queue;          // state and availability (single active consumer)
    int prefetch = 512;               // unacknowledged deliveries the node may send ahead
    std::chrono::seconds heartbeat{10};
};

// pg-hub on the fleet path: consumes the batch queue of a RabbitMQ cluster
// over AMQP, so several hubs share the stream and each batch is stored by one.
// One thread: up to prefetch/2 deliveries go into one Ingestor transaction
// (the other half keeps arriving meanwhile), then ONE basic.ack with
// multiple=true covers them. Nothing is acknowledged before its commit; a hub
// that dies holding deliveries hands them back to the queue, and a batch
// stored but not acknowledged comes again and is absorbed by the idempotent
// ingest on (device, stream, seq).
class AmqpHubService {
public:
    AmqpHubService(Database& db, AmqpIngestSettings amqp, std::string prefix, HubLoopSettings settings = {});
    AmqpHubService(const AmqpHubService&) = delete;
    AmqpHubService& operator=(const AmqpHubService&) = delete;

    // Until `stop`; throws StoreError if the database fails for good and
    // AmqpQueueMissing if a queue was never declared.
    IngestStats run(const std::atomic<bool>& stop);

private:
    bool connect();
    // Deliveries until one transaction's worth or a short quiet spell.
    void gather();
    // Stores what was gathered, then acknowledges it; false at stop (not acknowledged).
    bool store_and_ack(const std::atomic<bool>& stop);
    void chores();  // marts, tiers, the stats line
    void maintain(bool prune_now);
    void log_stats(const char* what, const IngestStats& s) const;

    AmqpIngestSettings amqp_;
    HubLoopSettings settings_;
    Ingestor ingestor_;
    DeviceStateStore states_;
    TierMaintenance tiers_;
    std::unique_ptr<AmqpConnection> conn_;
    std::string batch_consumer_;
    std::size_t next_node_ = 0;
    bool ever_connected_ = false;
    std::vector<IncomingMessage> batches_, state_msgs_;
    std::uint64_t last_tag_ = 0;
    IngestStats totals_, last_logged_;
    std::string retrying_;  // the store problem last logged while retrying
    std::int64_t states_kept_ = 0;
    std::chrono::steady_clock::time_point next_refresh_, next_maintenance_, next_log_;
};

}  // namespace pg::hub
