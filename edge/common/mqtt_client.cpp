#include "pg/mqtt_client.hpp"

#include "pg/errors.hpp"
#include "pg/log.hpp"

#include <mosquitto.h>
#include <sys/socket.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace pg {
namespace {

void lib_init_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        mosquitto_lib_init();
        // libmosquitto needs cleanup only at process exit; the OS does it.
    });
}

// mosquitto_strerror() of 2.0.11 has no text for some codes it returns.
std::string describe(int rc) {
    if (rc == MOSQ_ERR_KEEPALIVE) return "no answer within the keepalive";
    return mosquitto_strerror(rc);
}

[[noreturn]] void throw_mosq(std::string_view what, int rc) {
    throw std::runtime_error(std::string(what) + ": " + mosquitto_strerror(rc));
}

}  // namespace

void MqttClient::Deleter::operator()(mosquitto* m) const { mosquitto_destroy(m); }

MqttClient::MqttClient(MqttOptions options, MqttCallbacks callbacks)
    : options_(std::move(options)),
      callbacks_(std::move(callbacks)),
      rotation_(options_.brokers.size(), options_.reconnect_min_s, options_.reconnect_max_s) {
    lib_init_once();
    handle_.reset(mosquitto_new(options_.client_id.empty() ? nullptr : options_.client_id.c_str(),
                                options_.clean_session, this));
    if (!handle_) throw std::runtime_error("cannot create MQTT client (out of memory or bad client id)");
    mosquitto* m = handle_.get();
    mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V311);
    mosquitto_max_inflight_messages_set(m, static_cast<unsigned>(options_.max_inflight));
    if (!options_.username.empty()) {
        int rc = mosquitto_username_pw_set(m, options_.username.c_str(),
                                           options_.password.empty() ? nullptr : options_.password.c_str());
        if (rc != MOSQ_ERR_SUCCESS) throw_mosq("MQTT username/password", rc);
    }
    if (!options_.tls_cafile.empty()) {
        int rc = mosquitto_tls_set(m, options_.tls_cafile.c_str(), nullptr,
                                   options_.tls_certfile.empty() ? nullptr : options_.tls_certfile.c_str(),
                                   options_.tls_keyfile.empty() ? nullptr : options_.tls_keyfile.c_str(), nullptr);
        if (rc != MOSQ_ERR_SUCCESS)
            throw ConfigError("MQTT TLS files (ca '" + options_.tls_cafile + "', cert '" + options_.tls_certfile +
                              "', key '" + options_.tls_keyfile + "'): " + mosquitto_strerror(rc));
    } else if (!options_.tls_certfile.empty() || !options_.tls_keyfile.empty()) {
        throw ConfigError("MQTT client certificate given without a CA file (mqtt.cafile)");
    }
    if (!options_.will_topic.empty()) {
        int rc = mosquitto_will_set(m, options_.will_topic.c_str(), static_cast<int>(options_.will_payload.size()),
                                    options_.will_payload.data(), 1, true);
        if (rc != MOSQ_ERR_SUCCESS) throw_mosq("MQTT last will", rc);
    }
    mosquitto_connect_callback_set(m, &MqttClient::on_connect_cb);
    mosquitto_disconnect_callback_set(m, &MqttClient::on_disconnect_cb);
    mosquitto_message_callback_set(m, &MqttClient::on_message_cb);
    mosquitto_publish_callback_set(m, &MqttClient::on_publish_cb);
    mosquitto_subscribe_callback_set(m, &MqttClient::on_subscribe_cb);
    mosquitto_log_callback_set(m, &MqttClient::on_log_cb);
}

MqttClient::~MqttClient() { stop(); }

void MqttClient::start() {
    if (started_) return;
    mosquitto* m = handle_.get();
    // Publishing from other threads wakes our loop instead of writing itself.
    mosquitto_threaded_set(m, true);
    // The first round is tried here: a list none of whose names resolves fails
    // the start, as one bad name always did; later failures are the loop's.
    const std::size_t n = options_.brokers.size();
    std::string unusable;
    std::size_t unusable_count = 0;
    int first_wait_s = -1;  // connecting: no wait
    for (std::size_t tried = 0; tried < n; ++tried) {
        const std::string name = current_name();
        const int rc = connect_current();
        if (rc == MOSQ_ERR_SUCCESS) {
            first_wait_s = -1;
            break;
        }
        if (rc == MOSQ_ERR_INVAL || rc == MOSQ_ERR_EAI) {
            unusable += (unusable.empty() ? "" : "; ") + name + ": " + mosquitto_strerror(rc);
            ++unusable_count;
            if (n > 1) log::warn("mqtt", "broker ", name, ": ", mosquitto_strerror(rc));
        } else {
            log::warn("mqtt", "broker ", name, " not reachable yet (", mosquitto_strerror(rc), "); ",
                      tried + 1 < n ? "trying the next" : "retrying in the background");
        }
        first_wait_s = rotation_.failed(false);
        current_ = rotation_.current();
    }
    if (unusable_count == n) throw ConfigError("MQTT broker " + unusable);
    stopping_ = false;
    network_thread_ = std::thread([this, first_wait_s] { network_loop(first_wait_s); });
    started_ = true;
}

std::string MqttClient::current_name() const { return to_string(options_.brokers[rotation_.current()]); }

int MqttClient::connect_current() {
    mosquitto* m = handle_.get();
    // One broker: libmosquitto's own reconnect, as always. A list: a connect
    // to the broker whose turn it is; the handle keeps the session's
    // unacknowledged messages and sends them to whichever broker answers.
    if (options_.brokers.size() == 1 && handle_set_) return mosquitto_reconnect_async(m);
    handle_set_ = true;
    const BrokerAddress& b = options_.brokers[rotation_.current()];
    return mosquitto_connect_async(m, b.host.c_str(), b.port, options_.keepalive_s);
}

bool MqttClient::wait_for_stop(int seconds) {
    std::unique_lock lock(stop_mutex_);
    return stop_cv_.wait_for(lock, std::chrono::seconds(seconds), [this] { return stopping_; });
}

void MqttClient::network_loop(int first_wait_s) {
    mosquitto* m = handle_.get();
    const std::size_t n = options_.brokers.size();
    bool reconnect = first_wait_s >= 0;
    int wait_s = std::max(first_wait_s, 0);
    int last_error = MOSQ_ERR_SUCCESS;  // said once at warn level, repeats at debug
    bool quiet = false;                 // a whole round failed: say the next tries at debug only
    for (;;) {
        {
            std::lock_guard lock(stop_mutex_);
            if (stopping_) break;
        }
        if (reconnect) {
            if (wait_s > 0) {
                quiet = true;
                if (wait_for_stop(wait_s)) break;
            }
            if (n > 1)
                log::emit(quiet ? log::Level::debug : log::Level::info, "mqtt",
                          "trying broker " + current_name() + " (" + std::to_string(rotation_.current() + 1) +
                              " of " + std::to_string(n) + ")");
            const int rc = connect_current();
            if (rc != MOSQ_ERR_SUCCESS) {
                log::debug("mqtt", "broker ", current_name(), " still not reachable: ", mosquitto_strerror(rc));
                wait_s = rotation_.failed(false);
                current_ = rotation_.current();
                continue;
            }
            reconnect = false;
        }
        // Keepalive, reading and writing; a broker that stops answering is
        // dropped here: one keepalive without a packet sends a ping, a second
        // closes. A connect that gets no CONNACK within the keepalive is closed too.
        const int rc = mosquitto_loop(m, 1000, 1);
        if (rc == MOSQ_ERR_SUCCESS) {
            if (connected_) {
                last_error = MOSQ_ERR_SUCCESS;
                quiet = false;
            }
            continue;
        }
        const bool said = loss_logged_.exchange(false);  // by the disconnect callback
        if (rc != MOSQ_ERR_NO_CONN && rc != MOSQ_ERR_CONN_LOST && !said)
            log::emit(rc == last_error ? log::Level::debug : log::Level::warn, "mqtt",
                      "connection to " + current_name() + " failed (" + describe(rc) + "); " +
                          (n > 1 ? "trying the next broker" : "retrying"));
        last_error = rc;
        // A connection that worked for a while ends the round: the next broker at once.
        const bool held = connected_at_ && std::chrono::steady_clock::now() - *connected_at_ >=
                                               std::chrono::seconds(options_.reconnect_min_s);
        connected_at_.reset();
        reconnect = true;
        // Dropped by us so that this broker sends a message again: back to it.
        if (dropped_.exchange(false) && n > 1) {
            wait_s = options_.reconnect_min_s;
            continue;
        }
        wait_s = rotation_.failed(held);
        current_ = rotation_.current();
    }
    // stop() queued DISCONNECT after whatever was published last: send them.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (mosquitto_socket(m) >= 0 && std::chrono::steady_clock::now() < deadline)
        if (mosquitto_loop(m, 100, 1) != MOSQ_ERR_SUCCESS) break;
}

void MqttClient::stop() {
    if (!started_) return;
    {
        std::lock_guard lock(stop_mutex_);
        stopping_ = true;
    }
    stop_cv_.notify_all();
    mosquitto_disconnect(handle_.get());
    if (network_thread_.joinable()) network_thread_.join();
    started_ = false;
    connected_ = false;
}

void MqttClient::drop_connection() {
    dropped_ = true;
    const int fd = mosquitto_socket(handle_.get());
    if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

PublishResult MqttClient::publish(std::string_view topic, std::span<const std::uint8_t> payload, int qos,
                                  bool retain) {
    PublishResult r;
    std::string t(topic);
    int rc = mosquitto_publish(handle_.get(), &r.mid, t.c_str(), static_cast<int>(payload.size()), payload.data(),
                               qos, retain);
    r.ok = rc == MOSQ_ERR_SUCCESS;
    if (!r.ok) r.error = mosquitto_strerror(rc);
    return r;
}

PublishResult MqttClient::publish(std::string_view topic, std::string_view text, int qos, bool retain) {
    return publish(topic, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), qos, retain);
}

bool MqttClient::subscribe(std::string_view pattern, int qos) {
    std::string p(pattern);
    int rc = mosquitto_subscribe(handle_.get(), nullptr, p.c_str(), qos);
    if (rc != MOSQ_ERR_SUCCESS) log::warn("mqtt", "subscribe ", p, ": ", mosquitto_strerror(rc));
    return rc == MOSQ_ERR_SUCCESS;
}

bool MqttClient::connected() const { return connected_; }

std::optional<BrokerAddress> MqttClient::connected_broker() const {
    if (!connected_) return std::nullopt;
    return options_.brokers[current_];
}

void MqttClient::on_connect_cb(mosquitto*, void* obj, int rc) {
    auto* self = static_cast<MqttClient*>(obj);
    self->connected_ = rc == 0;
    const std::size_t n = self->options_.brokers.size();
    const std::string which = n > 1 ? " (" + std::to_string(self->rotation_.current() + 1) + " of " +
                                          std::to_string(n) + " brokers)"
                                    : "";
    if (rc == 0) {
        self->rotation_.connected();
        self->connected_at_ = std::chrono::steady_clock::now();
        log::info("mqtt", "connected to ", self->current_name(), which, " as '", self->options_.client_id, "'");
    } else {
        log::error("mqtt", "broker ", self->current_name(), " refused the connection: ", mosquitto_connack_string(rc));
    }
    if (self->callbacks_.on_connect) self->callbacks_.on_connect(rc == 0, mosquitto_connack_string(rc));
}

void MqttClient::on_disconnect_cb(mosquitto*, void* obj, int rc) {
    auto* self = static_cast<MqttClient*>(obj);
    const bool was_connected = self->connected_.exchange(false);
    // The id tells a hub's connections apart, and a broker that forces one id on
    // all of them (use_username_as_clientid) shows up here as a loop of losses.
    // Attempts that never connected are the network loop's to report.
    if (rc != 0 && was_connected) {
        log::warn("mqtt", "connection '", self->options_.client_id, "' to ", self->current_name(), " lost (",
                  describe(rc), "); ", self->options_.brokers.size() > 1 ? "trying the next broker" : "reconnecting");
        self->loss_logged_ = true;
    }
    if (self->callbacks_.on_disconnect) self->callbacks_.on_disconnect(rc == 0);
}

void MqttClient::on_message_cb(mosquitto*, void* obj, const mosquitto_message* msg) {
    auto* self = static_cast<MqttClient*>(obj);
    if (!self->callbacks_.on_message) return;
    MqttMessage m;
    m.topic = msg->topic ? std::string_view(msg->topic) : std::string_view();
    m.payload = std::span(static_cast<const std::uint8_t*>(msg->payload), static_cast<std::size_t>(msg->payloadlen));
    m.qos = msg->qos;
    m.retain = msg->retain;
    self->callbacks_.on_message(m);
}

void MqttClient::on_publish_cb(mosquitto*, void* obj, int mid) {
    auto* self = static_cast<MqttClient*>(obj);
    if (self->callbacks_.on_publish) self->callbacks_.on_publish(mid);
}

void MqttClient::on_subscribe_cb(mosquitto*, void* obj, int, int count, const int* granted) {
    auto* self = static_cast<MqttClient*>(obj);
    // 0x80 in the SUBACK means the broker refused (ACL).
    int qos = count > 0 && granted ? granted[0] : 0x80;
    if (qos == 0x80) log::error("mqtt", "the broker refused a subscription");
    if (self->callbacks_.on_subscribe) self->callbacks_.on_subscribe(qos);
}

void MqttClient::on_log_cb(mosquitto*, void*, int level, const char* text) {
    log::Level l = log::Level::debug;
    if (level & MOSQ_LOG_ERR) l = log::Level::error;
    else if (level & MOSQ_LOG_WARNING) l = log::Level::warn;
    else if (level & (MOSQ_LOG_NOTICE | MOSQ_LOG_INFO)) l = log::Level::debug;
    else l = log::Level::trace;
    log::emit(l, "mqtt", text);
}

}  // namespace pg
