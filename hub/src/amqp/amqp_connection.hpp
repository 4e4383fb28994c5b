#pragma once

#include "amqp/amqp_url.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

struct amqp_connection_state_t_;

namespace pg::hub {

// A failure to reach or set up a node: the caller tries the next one.
class AmqpError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
// The node answered that a queue does not exist: a setup mistake, not an outage.
class AmqpQueueMissing : public AmqpError {
public:
    using AmqpError::AmqpError;
};

struct AmqpDelivery {
    std::uint64_t tag = 0;
    std::string consumer_tag;
    std::string routing_key;
    std::vector<std::uint8_t> body;
    bool redelivered = false;
};

// The one owner of one librabbitmq connection with one channel; every
// librabbitmq status is turned into an AmqpError (setup) or a value (run time)
// here. Closing it, politely or not, hands every unacknowledged delivery back
// to the queue.
class AmqpConnection {
public:
    // Connects, logs in and opens the channel; throws AmqpError naming the node.
    AmqpConnection(const AmqpEndpoint& node, std::chrono::seconds heartbeat);
    ~AmqpConnection();
    AmqpConnection(const AmqpConnection&) = delete;
    AmqpConnection& operator=(const AmqpConnection&) = delete;

    // Setup, each throws AmqpError.
    void set_prefetch(int count);          // unacknowledged deliveries per consumer
    void check_queue(const std::string& queue);  // passive declare: AmqpQueueMissing
    std::string consume(const std::string& queue);  // manual acks; returns the consumer tag

    enum class Wait { delivery, timeout, lost };
    // Waits up to `timeout` for the next delivery (heartbeats are answered inside).
    Wait next(std::chrono::milliseconds timeout, AmqpDelivery& out);
    // basic.ack with multiple=true: every delivery up to `tag`. False: the
    // connection is gone (the deliveries come again, to this hub or another).
    [[nodiscard]] bool ack_through(std::uint64_t tag);

    bool alive() const { return alive_; }
    const std::string& lost_reason() const { return lost_reason_; }
    const std::string& node() const { return node_; }

private:
    struct Destroy {
        void operator()(amqp_connection_state_t_* c) const;
    };
    // Throws AmqpError unless the last RPC succeeded.
    void check_rpc(const std::string& what);
    void lose(std::string reason);

    std::unique_ptr<amqp_connection_state_t_, Destroy> conn_;
    std::string node_;
    bool alive_ = false;
    std::string lost_reason_;
};

}  // namespace pg::hub
