#pragma once

#include <atomic>
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

struct mosquitto;
struct mosquitto_message;

namespace pg {

// "host:port" or "host" (default port 1883, 8883 with TLS); "[::1]:1883" for IPv6.
struct BrokerAddress {
    std::string host = "127.0.0.1";
    int port = 1883;
};
std::optional<BrokerAddress> parse_broker(std::string_view text, int default_port = 1883);

struct MqttOptions {
    BrokerAddress broker;
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
// throw; routine run-time failures (broker down) come back as values.
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
    // the broker, which delivers the message again after the reconnect.
    void drop_connection();
    bool connected() const;

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

    void network_loop(bool connect_first);
    // Waits up to `seconds`; true if stop() was asked meanwhile.
    bool wait_for_stop(int seconds);

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
    std::atomic<int> reconnect_delay_s_{1};  // back-off, reset by a successful connect
    std::atomic<bool> loss_logged_{false};   // the disconnect callback said why already
};

}  // namespace pg
