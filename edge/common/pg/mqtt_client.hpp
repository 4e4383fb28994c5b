#pragma once

#include "pg/broker_address.hpp"
#include "pg/broker_rotation.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct mosquitto;
struct mosquitto_message;

namespace pg {

struct MqttOptions {
    // Tried in order; when one refuses, times out or drops the connection the
    // client moves on to the next (BrokerRotation). TLS and login apply to all.
    std::vector<BrokerAddress> brokers{BrokerAddress{}};
    std::string client_id;
    bool clean_session = true;
    int keepalive_s = 30;
    std::string username;
    std::string password;
    std::string tls_cafile;    // TLS is on when a CA file is given
    std::string tls_certfile;  // client certificate (optional)
    std::string tls_keyfile;
    std::string will_topic;    // Last Will, if set
    std::string will_payload;
    int max_inflight = 20;
    int reconnect_min_s = 1;
    int reconnect_max_s = 30;
};

struct MqttMessage {
    std::string_view topic;
    std::span<const std::uint8_t> payload;
    int qos = 0;
    bool retain = false;
};

// Callbacks run on the client's network thread: hand work off, do not block.
struct MqttCallbacks {
    std::function<void(bool ok, std::string_view reason)> on_connect;
    std::function<void(bool expected)> on_disconnect;
    std::function<void(const MqttMessage&)> on_message;
    std::function<void(int mid)> on_publish;  // QoS 1: the broker acknowledged
    std::function<void(int granted_qos)> on_subscribe;  // the broker confirmed a subscription
};

struct PublishResult {
    bool ok = false;
    int mid = 0;
    std::string error;
};

// One owner of one libmosquitto handle with its own network thread. Setup errors
// throw; routine run-time failures (broker down) come back as values. QoS 1
// messages not acknowledged when a connection ends are sent again on the next
// one, whichever broker of the list that is.
class MqttClient {
public:
    MqttClient(MqttOptions options, MqttCallbacks callbacks);
    ~MqttClient();
    MqttClient(const MqttClient&) = delete;
    MqttClient& operator=(const MqttClient&) = delete;

    // Starts the network thread and connects in the background, retrying with back-off.
    void start();
    // Publishes `offline`-style goodbyes first if the caller wants; then disconnects.
    void stop();

    PublishResult publish(std::string_view topic, std::span<const std::uint8_t> payload, int qos, bool retain);
    PublishResult publish(std::string_view topic, std::string_view text, int qos, bool retain);
    bool subscribe(std::string_view pattern, int qos);
    // From a message callback that could not handle its message: shuts the socket
    // so the QoS 1 acknowledgement sent when the callback returns never reaches
    // the broker, which delivers the message again after the reconnect (to the
    // same broker of a list: it is the one that holds the message).
    void drop_connection();
    bool connected() const;
    // The broker of the list this client is connected to; nullopt while it is not.
    std::optional<BrokerAddress> connected_broker() const;

    const MqttOptions& options() const { return options_; }

private:
    struct Deleter {
        void operator()(mosquitto* m) const;
    };
    static void on_connect_cb(mosquitto*, void*, int rc);
    static void on_disconnect_cb(mosquitto*, void*, int rc);
    static void on_message_cb(mosquitto*, void*, const ::mosquitto_message*);
    static void on_publish_cb(mosquitto*, void*, int mid);
    static void on_subscribe_cb(mosquitto*, void*, int mid, int count, const int* granted);
    static void on_log_cb(mosquitto*, void*, int level, const char* text);

    void network_loop(int first_wait_s);
    // Waits up to `seconds`; true if stop() was asked meanwhile.
    bool wait_for_stop(int seconds);
    // One connection attempt on rotation_.current(); libmosquitto's result.
    int connect_current();
    std::string current_name() const;

    MqttOptions options_;
    MqttCallbacks callbacks_;
    std::unique_ptr<mosquitto, Deleter> handle_;
    bool started_ = false;
    std::atomic<bool> connected_{false};
    // Our own network thread rather than mosquitto_loop_start(): libmosquitto's
    // loop gives up for good after a TLS, protocol or authentication error and
    // never retries a broker that was down at start-up; a device must keep
    // trying until it is stopped.
    std::thread network_thread_;
    std::mutex stop_mutex_;
    std::condition_variable stop_cv_;
    bool stopping_ = false;
    BrokerRotation rotation_;                 // network thread only (callbacks included)
    bool handle_set_ = false;                 // a connect gave libmosquitto a host
    std::atomic<std::size_t> current_{0};     // rotation_.current(), for other threads
    std::optional<std::chrono::steady_clock::time_point> connected_at_;  // network thread
    std::atomic<bool> loss_logged_{false};   // the disconnect callback said why already
    std::atomic<bool> dropped_{false};       // drop_connection(): reconnect to the same broker
};

}  // namespace pg
