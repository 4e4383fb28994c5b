#pragma once

#include "pg/batch.hpp"
#include "pg/mqtt_client.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace pg {

// Sends batches at QoS 1 and counts the broker's acknowledgements. Announces
// `online` on every connect and leaves `offline` as the retained Last Will.
class BatchPublisher {
public:
    BatchPublisher(MqttOptions options, std::string prefix, std::string device);
    ~BatchPublisher();
    BatchPublisher(const BatchPublisher&) = delete;
    BatchPublisher& operator=(const BatchPublisher&) = delete;

    void start();
    // Hands the batch to the MQTT client, which keeps it until the broker's PUBACK
    // and re-sends it after a reconnect. False if the client refused it.
    bool send(const Batch& batch);
    // Waits until every sent batch is acknowledged; false on timeout or interrupt.
    bool wait_all_acked(std::chrono::milliseconds timeout, const std::atomic<bool>& interrupted);
    // Publishes `offline` (retained) and disconnects.
    void shutdown();

    std::uint64_t sent() const;
    std::uint64_t acked() const;
    std::size_t unacked() const;
    std::uint64_t bytes_sent() const;

private:
    void on_connect(bool ok);
    void on_publish(int mid);

    std::string batch_topic_;
    std::string availability_topic_;
    mutable std::mutex mutex_;
    std::condition_variable acked_cv_;
    std::set<int> pending_;
    std::uint64_t sent_ = 0;
    std::uint64_t acked_ = 0;
    std::uint64_t bytes_ = 0;
    std::unique_ptr<MqttClient> client_;
};

}  // namespace pg
