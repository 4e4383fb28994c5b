#pragma once

#include "ingest/incoming_message.hpp"

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace pg::hub {

// Hands messages from the MQTT network thread to the main thread. Bounded: when
// the database falls behind, push() blocks the network thread, the broker stops
// getting PUBACKs and holds the rest, which is the backpressure QoS 1 gives us.
class MessageQueue {
public:
    explicit MessageQueue(std::size_t capacity) : capacity_(capacity) {}
    MessageQueue(const MessageQueue&) = delete;
    MessageQueue& operator=(const MessageQueue&) = delete;

    void push(IncomingMessage msg);

    // Waits until `max` messages are queued or `wait` has passed, then takes up to
    // `max`. Returns early with whatever is queued when stop_blocking() is called.
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
    std::deque<IncomingMessage> items_;
    bool unbounded_ = false;
};

}  // namespace pg::hub
