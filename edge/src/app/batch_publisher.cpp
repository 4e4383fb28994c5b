#include "app/batch_publisher.hpp"

#include "pg/batch_codec.hpp"
#include "pg/log.hpp"
#include "pg/mqtt_config.hpp"

#include <algorithm>
#include <cstdint>

namespace pg {

BatchPublisher::BatchPublisher(MqttOptions options, std::string prefix, std::string device, Outbox& outbox,
                               std::size_t window)
    : batch_topic_(device_topic(prefix, device, "batch")),
      availability_topic_(device_topic(prefix, device, "availability")),
      outbox_(outbox),
      window_(window) {
    if (options.client_id.empty()) options.client_id = "pg-edge-" + device;
    // A persistent session: the client library re-sends in-flight QoS 1
    // messages itself after a reconnect.
    options.clean_session = false;
    options.max_inflight = static_cast<int>(window_);
    options.will_topic = availability_topic_;
    options.will_payload = "offline";
    for (const auto* e : outbox_.unacked()) queue_.push_back(e->seq);
    if (!queue_.empty()) log::info("publish", queue_.size(), " batches from the outbox go out first");
    state_topic_ = device_topic(prefix, device, "state");
    cmd_topic_ = device_topic(prefix, device, "cmd");
    cmd_result_topic_ = device_topic(prefix, device, "cmd/result");
    stats_topic_ = device_topic(prefix, device, "stats");
    event_topic_ = device_topic(prefix, device, "event");
    MqttCallbacks cb;
    cb.on_connect = [this](bool ok, std::string_view) { on_connect(ok); };
    cb.on_message = [this](const MqttMessage& m) {
        const std::string_view text(reinterpret_cast<const char*>(m.payload.data()), m.payload.size());
        std::lock_guard lock(command_mutex_);
        if (command_handler_ && m.topic == cmd_topic_) command_handler_(text);
        if (!ha_status_topic_.empty() && m.topic == ha_status_topic_ && text == "online")
            client_->publish(discovery_topic_, std::string_view(discovery_payload_), 1, true);
    };
    cb.on_disconnect = [this](bool) { on_disconnect(); };
    cb.on_publish = [this](int mid) { on_publish(mid); };
    client_ = std::make_unique<MqttClient>(std::move(options), std::move(cb));
}

BatchPublisher::~BatchPublisher() = default;

void BatchPublisher::start() { client_->start(); }

void BatchPublisher::on_connect(bool ok) {
    if (!ok) return;
    client_->publish(availability_topic_, std::string_view("online"), 1, true);
    {
        std::lock_guard lock(command_mutex_);
        if (command_handler_) client_->subscribe(cmd_topic_, 1);
        if (!discovery_topic_.empty()) {
            client_->publish(discovery_topic_, std::string_view(discovery_payload_), 1, true);
            client_->subscribe(ha_status_topic_, 1);
        }
    }
    std::lock_guard lock(mutex_);
    // Sent again on every connect until all are acknowledged (a retained empty
    // payload is idempotent); the ack comes on this thread, after this returns.
    if (removals_acked_ < removals_.size()) {
        removal_mids_.clear();
        removals_acked_ = 0;
        for (const auto& topic : removals_) {
            auto r = client_->publish(topic, std::string_view(), 1, true);
            if (r.ok) removal_mids_.insert(r.mid);
            else log::warn("homeassistant", "cannot clear ", topic, " yet: ", r.error);
        }
    }
    connected_ = true;
    pump_locked();
}

void BatchPublisher::on_disconnect() {
    std::lock_guard lock(mutex_);
    connected_ = false;
}

void BatchPublisher::on_publish(int mid) {
    // The same mutex as send(): an acknowledgement that races ahead of
    // publish() returning still finds its mid recorded.
    std::lock_guard lock(mutex_);
    if (removal_mids_.erase(mid)) {
        ++removals_acked_;
        return;
    }
    auto it = inflight_.find(mid);
    if (it == inflight_.end()) return;
    outbox_.ack(it->second);
    inflight_.erase(it);
    ++counters_.acked;
    pump_locked();
    acked_cv_.notify_all();
}

void BatchPublisher::pump_locked() {
    while (connected_ && inflight_.size() < window_ && !queue_.empty()) {
        const OutboxEntry* e = outbox_.find(queue_.front());
        if (!e) {  // dropped from a full outbox meanwhile
            queue_.pop_front();
            continue;
        }
        auto r = client_->publish(batch_topic_, e->payload, 1, false);
        if (!r.ok) {
            log::warn("publish", "batch seq ", e->seq, " not handed to the client yet: ", r.error);
            return;  // stays queued; the next connect or ack pumps again
        }
        inflight_[r.mid] = e->seq;
        queue_.pop_front();
    }
}

std::uint32_t BatchPublisher::send(const Batch& batch) {
    std::lock_guard lock(mutex_);
    // Losses in the outbox's ledger that no batch announced yet ride in this
    // one's drop counter; the outbox notes durably that they were reported.
    Batch b = batch;
    const auto reports = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(outbox_.unreported_losses(), UINT32_MAX - b.dropped_samples));
    b.dropped_samples += reports;
    const auto bytes = encode_batch(b);
    const std::uint32_t dropped =
        outbox_.append(b.seq, static_cast<std::uint32_t>(b.samples.size()), bytes, reports);
    if (outbox_.find(b.seq)) queue_.push_back(b.seq);  // not if even the disk could not take it
    ++counters_.sent;
    counters_.bytes += bytes.size();
    pump_locked();
    return dropped;
}

void BatchPublisher::record_loss(std::uint64_t samples) {
    std::lock_guard lock(mutex_);
    outbox_.record_loss(samples);
}

std::uint64_t BatchPublisher::unreported_losses() const {
    std::lock_guard lock(mutex_);
    return outbox_.unreported_losses();
}

bool BatchPublisher::wait_all_acked(std::chrono::milliseconds timeout, const std::atomic<bool>& interrupted) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto last_note = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (outbox_.depth() > 0) {
        if (interrupted || std::chrono::steady_clock::now() >= deadline) return false;
        acked_cv_.wait_for(lock, std::chrono::milliseconds(100));
        if (std::chrono::steady_clock::now() - last_note > std::chrono::seconds(10)) {
            log::info("publish", "waiting for the broker to acknowledge ", outbox_.depth(), " batches");
            last_note = std::chrono::steady_clock::now();
        }
    }
    return true;
}

void BatchPublisher::shutdown() {
    // Packets leave in order: the retained goodbye goes out before DISCONNECT.
    // Were the broker unreachable, the Last Will says the same.
    if (client_->connected()) client_->publish(availability_topic_, std::string_view("offline"), 1, true);
    client_->stop();
}

PublisherCounters BatchPublisher::counters() const {
    std::lock_guard lock(mutex_);
    PublisherCounters c = counters_;
    c.outbox_depth = outbox_.depth();
    return c;
}

std::optional<std::string> BatchPublisher::broker() const {
    if (auto b = client_->connected_broker()) return to_string(*b);
    return std::nullopt;
}

void BatchPublisher::set_command_handler(CommandHandler handler) {
    std::lock_guard lock(command_mutex_);
    command_handler_ = std::move(handler);
}

void BatchPublisher::publish_state(const std::string& json) {
    auto r = client_->publish(state_topic_, std::string_view(json), 1, true);
    if (!r.ok) log::debug("publish", "state not queued: ", r.error);
}

void BatchPublisher::publish_command_result(const std::string& json) {
    auto r = client_->publish(cmd_result_topic_, std::string_view(json), 1, false);
    if (!r.ok) log::warn("publish", "command result not queued: ", r.error);
}

void BatchPublisher::publish_stats(const std::string& json) {
    auto r = client_->publish(stats_topic_, std::string_view(json), 0, false);
    if (!r.ok) log::debug("publish", "stats not sent: ", r.error);
}

void BatchPublisher::publish_event(const std::string& json) {
    auto r = client_->publish(event_topic_, std::string_view(json), 1, false);
    if (!r.ok) log::debug("publish", "event not queued: ", r.error);
}

void BatchPublisher::set_discovery_removals(std::vector<std::string> topics) {
    std::lock_guard lock(mutex_);
    removals_ = std::move(topics);
    removals_acked_ = 0;
}

bool BatchPublisher::discovery_removals_acked() const {
    std::lock_guard lock(mutex_);
    return removals_acked_ == removals_.size();
}

void BatchPublisher::set_discovery(std::string topic, std::string payload, std::string status_topic) {
    std::lock_guard lock(command_mutex_);
    discovery_topic_ = std::move(topic);
    discovery_payload_ = std::move(payload);
    ha_status_topic_ = std::move(status_topic);
}

}  // namespace pg
