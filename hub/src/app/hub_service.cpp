#include "app/hub_service.hpp"

#include "pg/log.hpp"

#include <thread>

namespace pg::hub {
namespace {

constexpr auto kBusyPause = std::chrono::milliseconds(200);
// While shutting down, give a stuck writer this many more busy_timeouts.
constexpr int kBusyAttemptsAtShutdown = 6;

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

HubService::HubService(Database& db, MqttOptions mqtt, std::string prefix, HubLoopSettings settings)
    : settings_(settings),
      subscription_(prefix + "/+/batch"),
      queue_(settings.queue_capacity),
      ingestor_(db, prefix) {
    MqttCallbacks cb;
    cb.on_connect = [this](bool ok, std::string_view) {
        // Subscribing again on every connect is harmless with a persistent session
        // and needed the first time and after the broker lost its state.
        if (ok && !client_->subscribe(subscription_, 1))
            log::error("hub", "cannot subscribe to ", subscription_);
    };
    cb.on_subscribe = [this](int qos) {
        if (qos <= 2) log::info("hub", "subscribed to ", subscription_, " at QoS ", qos);
    };
    cb.on_message = [this](const MqttMessage& m) {
        queue_.push(IncomingMessage{std::string(m.topic), {m.payload.begin(), m.payload.end()}, wall_ms()});
    };
    client_ = std::make_unique<MqttClient>(std::move(mqtt), std::move(cb));
}

HubService::~HubService() {
    // The network thread must not call back into a half-destroyed object.
    queue_.stop_blocking();
    if (client_) client_->stop();
}

void HubService::store(std::vector<IncomingMessage>& messages, const std::atomic<bool>& stop) {
    int busy_at_shutdown = 0;
    for (;;) {
        if (auto s = ingestor_.ingest(messages)) {
            totals_ += *s;
            return;
        }
        // Another writer kept the lock past busy_timeout. Keep the messages (the
        // broker already has our PUBACK) and try again; the full queue meanwhile
        // slows the broker down.
        log::warn("hub", "database busy; retrying ", messages.size(), " messages");
        if (stop.load() && ++busy_at_shutdown >= kBusyAttemptsAtShutdown)
            throw StoreError("database stayed locked at shutdown; " + std::to_string(messages.size()) +
                             " received messages were not stored");
        std::this_thread::sleep_for(kBusyPause);
    }
}

void HubService::log_stats(const char* what, const IngestStats& s) const {
    log::info("hub", what, ": ", s.batches, " batches, ", s.samples, " samples, ", s.events, " events stored; ",
              s.duplicates, " duplicates; ", s.dead_letters, " dead letters; queue ", queue_.size());
}

IngestStats HubService::run(const std::atomic<bool>& stop) {
    log::info("hub", "subscribing to ", subscription_, " as '", client_->options().client_id, "'");
    client_->start();
    IngestStats last_logged;
    auto next_log = std::chrono::steady_clock::now() + settings_.stats_every;
    while (!stop.load()) {
        auto batch = queue_.pop_batch(settings_.max_batch, settings_.max_wait);
        if (!batch.empty()) store(batch, stop);
        if (std::chrono::steady_clock::now() >= next_log) {
            IngestStats minute = totals_;
            minute.batches -= last_logged.batches;
            minute.samples -= last_logged.samples;
            minute.events -= last_logged.events;
            minute.duplicates -= last_logged.duplicates;
            minute.dead_letters -= last_logged.dead_letters;
            log_stats("last minute", minute);
            last_logged = totals_;
            next_log = std::chrono::steady_clock::now() + settings_.stats_every;
        }
    }
    log::info("hub", "stopping: disconnecting and storing ", queue_.size(), " queued messages");
    queue_.stop_blocking();
    client_->stop();
    auto rest = queue_.take_all();
    if (!rest.empty()) store(rest, stop);
    log_stats("total", totals_);
    return totals_;
}

}  // namespace pg::hub
