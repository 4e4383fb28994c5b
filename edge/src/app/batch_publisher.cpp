#include "app/batch_publisher.hpp"

#include "pg/batch_codec.hpp"
#include "pg/log.hpp"
#include "pg/mqtt_config.hpp"


namespace pg {

BatchPublisher::BatchPublisher(MqttOptions options, std::string prefix, std::string device)
    : batch_topic_(device_topic(prefix, device, "batch")),
      availability_topic_(device_topic(prefix, device, "availability")) {
    if (options.client_id.empty()) options.client_id = "pg-edge-" + device;
    // A persistent session keeps QoS 1 state across reconnects.
    options.clean_session = false;
    options.will_topic = availability_topic_;
    options.will_payload = "offline";
    MqttCallbacks cb;
    cb.on_connect = [this](bool ok, std::string_view) { on_connect(ok); };
    cb.on_publish = [this](int mid) { on_publish(mid); };
    client_ = std::make_unique<MqttClient>(std::move(options), std::move(cb));
}

BatchPublisher::~BatchPublisher() = default;

void BatchPublisher::start() { client_->start(); }

void BatchPublisher::on_connect(bool ok) {
    if (ok) client_->publish(availability_topic_, std::string_view("online"), 1, true);
}

void BatchPublisher::on_publish(int mid) {
    // Holding the mutex orders this after send() recorded the mid, even when the
    // acknowledgement races ahead of publish() returning.
    std::lock_guard lock(mutex_);
    if (pending_.erase(mid)) {
        ++acked_;
        acked_cv_.notify_all();
    }
}

bool BatchPublisher::send(const Batch& batch) {
    auto bytes = encode_batch(batch);
    std::lock_guard lock(mutex_);
    auto r = client_->publish(batch_topic_, bytes, 1, false);
    if (!r.ok) {
        log::error("publish", "batch seq ", batch.seq, " not queued: ", r.error);
        return false;
    }
    pending_.insert(r.mid);
    ++sent_;
    bytes_ += bytes.size();
    return true;
}

bool BatchPublisher::wait_all_acked(std::chrono::milliseconds timeout, const std::atomic<bool>& interrupted) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    auto last_note = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!pending_.empty()) {
        if (interrupted || std::chrono::steady_clock::now() >= deadline) return false;
        acked_cv_.wait_for(lock, std::chrono::milliseconds(200));
        if (std::chrono::steady_clock::now() - last_note > std::chrono::seconds(10)) {
            log::info("publish", "waiting for the broker to acknowledge ", pending_.size(), " batches");
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

std::uint64_t BatchPublisher::sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
}
std::uint64_t BatchPublisher::acked() const {
    std::lock_guard lock(mutex_);
    return acked_;
}
std::size_t BatchPublisher::unacked() const {
    std::lock_guard lock(mutex_);
    return pending_.size();
}
std::uint64_t BatchPublisher::bytes_sent() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

}  // namespace pg
