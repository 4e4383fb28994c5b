#include "app/hub_service.hpp"

#include "pg/log.hpp"
#include "pg/sd_notify.hpp"

#include <thread>

namespace pg::hub {
namespace {

constexpr auto kBusyPause = std::chrono::milliseconds(200);

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

HubService::HubService(Database& db, MqttOptions mqtt, std::string prefix, HubLoopSettings settings)
    : settings_(settings), subscription_(prefix + "/+/batch"), ingestor_(db, prefix), tiers_(db) {
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
    cb.on_message = [this](const MqttMessage& m) { store(m); };
    client_ = std::make_unique<MqttClient>(std::move(mqtt), std::move(cb));
}

HubService::~HubService() {
    // The network thread must not call back into a half-destroyed object.
    stopping_ = true;
    if (client_) client_->stop();
}

void HubService::store(const MqttMessage& m) {
    const IncomingMessage msg{std::string(m.topic), {m.payload.begin(), m.payload.end()}, wall_ms()};
    const std::span<const IncomingMessage> one(&msg, 1);
    for (;;) {
        std::string why;
        {
            std::lock_guard lock(db_mutex_);
            if (failure_) break;
            try {
                // Marts are refreshed on their own clock, so the commit here costs
                // only the inserts and the broker gets its PUBACK sooner.
                if (auto s = ingestor_.ingest(one, false)) {
                    totals_ += *s;
                    return;
                }
            } catch (...) {
                failure_ = std::current_exception();
                break;
            }
            why = ingestor_.last_problem();
        }
        // Another writer kept the lock past busy_timeout, or the PostgreSQL server
        // is away: wait and try again (reconnecting); the broker holds the rest
        // meanwhile. At shutdown give up, unacknowledged.
        if (stopping_) break;
        log::warn("hub", why.empty() ? std::string("database busy") : why, "; retrying a batch from ", msg.topic);
        std::this_thread::sleep_for(kBusyPause);
    }
    // Returning would acknowledge what is not stored: close the connection first.
    client_->drop_connection();
}

void HubService::log_stats(const char* what, const IngestStats& s) const {
    log::info("hub", what, ": ", s.batches, " batches, ", s.samples, " samples, ", s.events, " events stored; ",
              s.duplicates, " duplicates; ", s.dead_letters, " dead letters");
}

void HubService::maintain(bool prune_now) { tiers_.look_after(wall_ms(), settings_.hot_days, prune_now); }

IngestStats HubService::run(const std::atomic<bool>& stop) {
    log::info("hub", "subscribing to ", subscription_, " as '", client_->options().client_id, "'");
    {
        std::lock_guard lock(db_mutex_);
        maintain(true);
    }
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
        std::this_thread::sleep_for(settings_.tick);
        std::lock_guard lock(db_mutex_);
        if (failure_) break;
        const auto now = std::chrono::steady_clock::now();
        if (watchdog_every && now >= next_watchdog) {
            sd::notify_watchdog();
            next_watchdog = now + *watchdog_every;
        }
        if (now >= next_refresh) {
            if (auto days = ingestor_.refresh_marts()) totals_.days_refreshed += *days;
            next_refresh = std::chrono::steady_clock::now() + settings_.mart_refresh_every;
        }
        if (now >= next_maintenance) {
            maintain(false);
            next_maintenance = std::chrono::steady_clock::now() + settings_.maintenance_every;
        }
        if (now >= next_log) {
            log_stats("last minute", totals_ - last_logged);
            last_logged = totals_;
            next_log = now + settings_.stats_every;
        }
    }
    sd::notify_stopping();
    log::info("hub", "stopping: disconnecting");
    stopping_ = true;
    // Waits for a message being stored to commit; its PUBACK may not reach the
    // broker any more, which then redelivers it and the hub counts a duplicate.
    client_->stop();
    std::lock_guard lock(db_mutex_);
    if (failure_) std::rethrow_exception(failure_);
    if (auto days = ingestor_.refresh_marts()) totals_.days_refreshed += *days;
    log_stats("total", totals_);
    return totals_;
}

}  // namespace pg::hub
