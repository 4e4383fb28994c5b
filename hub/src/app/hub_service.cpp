#include "app/hub_service.hpp"

#include "pg/log.hpp"
#include "pg/sd_notify.hpp"

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
      ingestor_(db, prefix),
      tiers_(db) {
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
        // Returning lets libmosquitto send the PUBACK: only after the commit.
        queue_.wait_stored(
            queue_.push(IncomingMessage{std::string(m.topic), {m.payload.begin(), m.payload.end()}, wall_ms()}));
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
        // Marts are refreshed on their own clock (refresh_marts), so a commit
        // here costs only the inserts and the broker gets its PUBACK sooner.
        if (auto s = ingestor_.ingest(messages, false)) {
            totals_ += *s;
            queue_.mark_stored(messages.size());
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

void HubService::maintain(bool prune_now) {
    try {
        const bool new_day = tiers_.rollover(wall_ms());
        if (!prune_now && !new_day) return;
        const auto r = tiers_.prune(wall_ms(), settings_.hot_days);
        if (r.samples_deleted > 0)
            log::info("hub", "pruned ", r.samples_deleted, " samples older than ", settings_.hot_days, " days");
    } catch (const StoreError& e) {
        // Only "locked by another writer" gets here in practice: try at the next tick.
        log::warn("hub", "maintenance postponed: ", e.what());
    }
}

IngestStats HubService::run(const std::atomic<bool>& stop) {
    log::info("hub", "subscribing to ", subscription_, " as '", client_->options().client_id, "'");
    maintain(true);
    client_->start();
    // Under systemd (Type=notify): ready now; the watchdog is pinged from this
    // loop, so a hub stuck on its database gets restarted.
    sd::notify_ready();
    const auto watchdog_every = sd::watchdog_ping_interval();
    auto next_watchdog = std::chrono::steady_clock::now();
    IngestStats last_logged;
    auto next_log = std::chrono::steady_clock::now() + settings_.stats_every;
    auto next_maintenance = std::chrono::steady_clock::now() + settings_.maintenance_every;
    auto next_refresh = std::chrono::steady_clock::now();
    while (!stop.load()) {
        auto batch = queue_.pop_batch(settings_.max_batch, settings_.max_wait);
        if (!batch.empty()) store(batch, stop);
        if (watchdog_every && std::chrono::steady_clock::now() >= next_watchdog) {
            sd::notify_watchdog();
            next_watchdog = std::chrono::steady_clock::now() + *watchdog_every;
        }
        if (std::chrono::steady_clock::now() >= next_refresh) {
            if (auto days = ingestor_.refresh_marts()) totals_.days_refreshed += *days;
            next_refresh = std::chrono::steady_clock::now() + settings_.mart_refresh_every;
        }
        if (std::chrono::steady_clock::now() >= next_maintenance) {
            maintain(false);
            next_maintenance = std::chrono::steady_clock::now() + settings_.maintenance_every;
        }
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
    sd::notify_stopping();
    log::info("hub", "stopping: disconnecting and storing ", queue_.size(), " queued messages");
    queue_.stop_blocking();
    client_->stop();
    auto rest = queue_.take_all();
    if (!rest.empty()) store(rest, stop);
    if (auto days = ingestor_.refresh_marts()) totals_.days_refreshed += *days;
    log_stats("total", totals_);
    return totals_;
}

}  // namespace pg::hub
