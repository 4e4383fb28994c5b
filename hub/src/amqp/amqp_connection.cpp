#include "amqp/amqp_connection.hpp"

#include "amqp/rabbitmq_headers.hpp"

#include <sys/time.h>

#include <cstdio>

namespace pg::hub {
namespace {

constexpr int kChannel = 1;
constexpr int kFrameMax = 131072;

std::string bytes(amqp_bytes_t b) { return {static_cast<const char*>(b.bytes), b.len}; }

timeval to_timeval(std::chrono::milliseconds d) {
    return timeval{static_cast<time_t>(d.count() / 1000), static_cast<suseconds_t>((d.count() % 1000) * 1000)};
}

// What a failed RPC said, in one line.
std::string describe(const amqp_rpc_reply_t& r) {
    switch (r.reply_type) {
    case AMQP_RESPONSE_NORMAL: return "ok";
    case AMQP_RESPONSE_NONE: return "no reply";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION: return amqp_error_string2(r.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
            const auto* m = static_cast<const amqp_connection_close_t*>(r.reply.decoded);
            return "node closed the connection: " + std::to_string(m->reply_code) + " " + bytes(m->reply_text);
        }
        if (r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
            const auto* m = static_cast<const amqp_channel_close_t*>(r.reply.decoded);
            return "node closed the channel: " + std::to_string(m->reply_code) + " " + bytes(m->reply_text);
        }
        return "unexpected method from the node";
    }
    return "unknown reply";
}

bool is_not_found(const amqp_rpc_reply_t& r) {
    return r.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION && r.reply.id == AMQP_CHANNEL_CLOSE_METHOD &&
           static_cast<const amqp_channel_close_t*>(r.reply.decoded)->reply_code == AMQP_NOT_FOUND;
}

}  // namespace

void AmqpConnection::Destroy::operator()(amqp_connection_state_t_* c) const { amqp_destroy_connection(c); }

AmqpConnection::AmqpConnection(const AmqpEndpoint& node, std::chrono::seconds heartbeat)
    : conn_(amqp_new_connection()), node_(node.name()) {
    if (!conn_) throw AmqpError(node_ + ": out of memory");
    amqp_socket_t* socket = amqp_tcp_socket_new(conn_.get());  // owned by the connection
    if (!socket) throw AmqpError(node_ + ": cannot create a socket");
    // A node that is down, or a host that does not answer, costs at most this.
    auto open_timeout = to_timeval(std::chrono::seconds(5));
    if (int rc = amqp_socket_open_noblock(socket, node.host.c_str(), node.port, &open_timeout); rc != AMQP_STATUS_OK)
        throw AmqpError(node_ + ": cannot connect: " + amqp_error_string2(rc));
    auto handshake = to_timeval(std::chrono::seconds(10));
    amqp_set_handshake_timeout(conn_.get(), &handshake);
    amqp_set_rpc_timeout(conn_.get(), &handshake);
    const auto login = amqp_login(conn_.get(), node.vhost.c_str(), 0, kFrameMax, static_cast<int>(heartbeat.count()),
                                  AMQP_SASL_METHOD_PLAIN, node.user.c_str(), node.password.c_str());
    if (login.reply_type != AMQP_RESPONSE_NORMAL) throw AmqpError(node_ + ": login refused: " + describe(login));
    alive_ = true;
    amqp_channel_open(conn_.get(), kChannel);
    check_rpc("open a channel");
}

AmqpConnection::~AmqpConnection() {
    if (!conn_ || !alive_) return;
    // Polite close; a dead node makes these fail fast, and destroying the
    // connection closes the socket either way.
    amqp_channel_close(conn_.get(), kChannel, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn_.get(), AMQP_REPLY_SUCCESS);
}

void AmqpConnection::check_rpc(const std::string& what) {
    const auto r = amqp_get_rpc_reply(conn_.get());
    if (r.reply_type == AMQP_RESPONSE_NORMAL) return;
    alive_ = r.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION && r.reply.id == AMQP_CHANNEL_CLOSE_METHOD;
    const std::string msg = node_ + ": cannot " + what + ": " + describe(r);
    if (is_not_found(r)) throw AmqpQueueMissing(msg);
    throw AmqpError(msg);
}

void AmqpConnection::set_prefetch(int count) {
    amqp_basic_qos(conn_.get(), kChannel, 0, static_cast<std::uint16_t>(count), 0);
    check_rpc("set the prefetch count");
}

void AmqpConnection::check_queue(const std::string& queue) {
    amqp_queue_declare(conn_.get(), kChannel, amqp_cstring_bytes(queue.c_str()), 1, 0, 0, 0, amqp_empty_table);
    check_rpc("find queue " + queue + " (declare it first: scripts/fleet/declare.sh)");
}

std::string AmqpConnection::consume(const std::string& queue) {
    const auto* ok = amqp_basic_consume(conn_.get(), kChannel, amqp_cstring_bytes(queue.c_str()), amqp_empty_bytes,
                                        0, 0, 0, amqp_empty_table);
    check_rpc("consume from " + queue);
    return bytes(ok->consumer_tag);
}

void AmqpConnection::lose(std::string reason) {
    alive_ = false;
    lost_reason_ = std::move(reason);
}

AmqpConnection::Wait AmqpConnection::next(std::chrono::milliseconds timeout, AmqpDelivery& out) {
    if (!alive_) return Wait::lost;
    amqp_maybe_release_buffers(conn_.get());
    amqp_envelope_t env;
    auto tv = to_timeval(timeout);
    const auto r = amqp_consume_message(conn_.get(), &env, &tv, 0);
    if (r.reply_type == AMQP_RESPONSE_NORMAL) {
        out.tag = env.delivery_tag;
        out.consumer_tag = bytes(env.consumer_tag);
        out.routing_key = bytes(env.routing_key);
        const auto* body = static_cast<const std::uint8_t*>(env.message.body.bytes);
        out.body.assign(body, body + env.message.body.len);
        out.redelivered = env.redelivered != 0;
        amqp_destroy_envelope(&env);
        return Wait::delivery;
    }
    if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_TIMEOUT) return Wait::timeout;
    if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION && r.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
        // A method instead of a delivery: a consumer cancelled (its queue went
        // away) or the channel or connection closed by the node. Starting over
        // on a fresh connection handles every one of them.
        amqp_frame_t frame;
        if (amqp_simple_wait_frame(conn_.get(), &frame) == AMQP_STATUS_OK && frame.frame_type == AMQP_FRAME_METHOD) {
            lose("the node sent method 0x" + [&] {
                char buf[16];
                std::snprintf(buf, sizeof buf, "%08x", frame.payload.method.id);
                return std::string(buf);
            }() + " instead of a delivery");
        } else {
            lose("unexpected frame from the node");
        }
        return Wait::lost;
    }
    lose(describe(r));
    return Wait::lost;
}

bool AmqpConnection::ack_through(std::uint64_t tag) {
    if (!alive_) return false;
    if (int rc = amqp_basic_ack(conn_.get(), kChannel, tag, 1); rc != AMQP_STATUS_OK) {
        lose(std::string("ack failed: ") + amqp_error_string2(rc));
        return false;
    }
    return true;
}

}  // namespace pg::hub
