#pragma once

#include "app/outbox.hpp"
#include "pg/batch.hpp"
#include "pg/mqtt_client.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace pg {

struct PublisherCounters {
    std::uint64_t sent = 0;     // batches handed to the outbox
    std::uint64_t acked = 0;    // acknowledged by the broker (this run)
    std::uint64_t bytes = 0;    // encoded batch bytes
    std::size_t outbox_depth = 0;
};

// Sends batches at QoS 1 through the on-disk outbox: a batch is written to disk
// first, published while at most `window` are unacknowledged, and deleted from
// the outbox only on the broker's PUBACK. Batches left from an earlier run go out
// first, in order. Announces `online` on every connect; `offline` is the
// retained Last Will and the clean goodbye.
class BatchPublisher {
public:
    BatchPublisher(MqttOptions options, std::string prefix, std::string device, Outbox& outbox,
                   std::size_t window = 20);
    ~BatchPublisher();
    BatchPublisher(const BatchPublisher&) = delete;
    BatchPublisher& operator=(const BatchPublisher&) = delete;

    void start();
    // Stores and (when connected) publishes; the batch's drop counter also
    // carries the losses the outbox has not reported yet. Returns the samples
    // lost now (older batches dropped to stay within the disk budget, or this
    // one when the disk could not take it); a later batch reports them.
    std::uint32_t send(const Batch& batch);
    // Samples lost before batching (the clock gate): into the outbox's ledger.
    void record_loss(std::uint64_t samples);
    // Losses the next batch will announce.
    std::uint64_t unreported_losses() const;
    // Waits until the outbox is empty; false on timeout or interrupt.
    bool wait_all_acked(std::chrono::milliseconds timeout, const std::atomic<bool>& interrupted);
    // Publishes `offline` (retained) and disconnects; the outbox keeps the rest.
    void shutdown();

    PublisherCounters counters() const;
    // "host:port" of the broker the client is connected to now, if it is.
    std::optional<std::string> broker() const;
    MqttClient& client() { return *client_; }

    // State and commands (edge/common/STATE-AND-COMMANDS.md), apart from the batches.
    using CommandHandler = std::function<void(std::string_view payload)>;
    // Set before start(): subscribes to <prefix>/<dev>/cmd (QoS 1) on every connect
    // and hands each payload to `handler` on the network thread.
    void set_command_handler(CommandHandler handler);
    void publish_state(const std::string& json);           // <prefix>/<dev>/state, retained
    void publish_command_result(const std::string& json);  // <prefix>/<dev>/cmd/result
    void publish_stats(const std::string& json);           // <prefix>/<dev>/stats, QoS 0
    void publish_event(const std::string& json);           // <prefix>/<dev>/event, QoS 1, not retained
    // Set before start(): published retained on every connect and again whenever
    // Home Assistant announces `online` on `status_topic` (it lost its state).
    void set_discovery(std::string topic, std::string payload, std::string status_topic);
    // Set before start(): on connect, an empty retained payload on each of `topics`
    // (discovery turned off, or a topic no longer ours) — Home Assistant forgets
    // what they described. True once the broker has acknowledged all of them.
    void set_discovery_removals(std::vector<std::string> topics);
    bool discovery_removals_acked() const;

private:
    void on_connect(bool ok);
    void on_disconnect();
    void on_publish(int mid);
    void pump_locked();

    std::string batch_topic_;
    std::string availability_topic_;
    Outbox& outbox_;
    const std::size_t window_;
    mutable std::mutex mutex_;
    std::condition_variable acked_cv_;
    std::deque<std::uint64_t> queue_;             // in the outbox, not yet handed to the client
    std::map<int, std::uint64_t> inflight_;       // client message id -> seq
    PublisherCounters counters_;
    bool connected_ = false;
    std::string state_topic_;
    std::string cmd_topic_;
    std::string cmd_result_topic_;
    std::string stats_topic_;
    std::string discovery_topic_;
    std::string discovery_payload_;
    std::string ha_status_topic_;
    std::string event_topic_;
    std::vector<std::string> removals_;
    std::set<int> removal_mids_;                  // under mutex_
    std::size_t removals_acked_ = 0;              // under mutex_
    std::mutex command_mutex_;
    CommandHandler command_handler_;
    std::unique_ptr<MqttClient> client_;
};

}  // namespace pg
