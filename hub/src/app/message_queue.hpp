#pragma once

#include "ingest/incoming_message.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace pg::hub {

// Hands messages from the MQTT network thread to the main thread, and tells the
// network thread when its message is committed. libmosquitto 2.0 sends a QoS 1
// PUBACK as soon as the message callback returns, so the callback waits for the
// commit: a hub killed at any moment has acknowledged only what it has stored.
// Bounded as well: when the database falls behind, the broker holds the rest,
// which is the backpressure QoS 1 gives us.
class MessageQueue {
public:
    explicit MessageQueue(std::size_t capacity) : capacity_(capacity) {}
    MessageQueue(const MessageQueue&) = delete;
    MessageQueue& operator=(const MessageQueue&) = delete;

    // Returns the message's ticket for wait_stored().
    std::uint64_t push(IncomingMessage msg);
    // Blocks until mark_stored() has covered `ticket` (or stop_blocking()).
    void wait_stored(std::uint64_t ticket);
    // The first `count` more popped messages are committed.
    void mark_stored(std::size_t count);

    // Waits up to `wait` for a first message, then takes up to `max` of what is
    // queued. Returns early when stop_blocking() is called.
    std::vector<IncomingMessage> pop_batch(std::size_t max, std::chrono::milliseconds wait);
    // Takes everything without waiting (for the final drain).
    std::vector<IncomingMessage> take_all();

    // From now on push() never blocks: at shutdown the network thread must be able
    // to finish its callback so the client can stop.
    void stop_blocking();
    std::size_t size() const;

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable not_full_;
    std::condition_variable ready_;
    std::condition_variable stored_cv_;
    std::deque<IncomingMessage> items_;
    std::uint64_t pushed_ = 0;
    std::uint64_t stored_ = 0;
    bool unbounded_ = false;
};

}  // namespace pg::hub
