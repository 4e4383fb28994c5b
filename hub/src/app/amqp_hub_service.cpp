#include "app/amqp_hub_service.hpp"

#include "pg/log.hpp"
#include "pg/sd_notify.hpp"

#include <algorithm>
#include <thread>

namespace pg::hub {
namespace {

constexpr auto kBusyPause = std::chrono::milliseconds(200);
constexpr auto kFirstReconnectPause = std::chrono::milliseconds(500);
constexpr auto kLongestReconnectPause = std::chrono::milliseconds(5000);
constexpr auto kLinger = std::chrono::milliseconds(5);   // quiet this long: commit what we have
constexpr auto kMaxGather = std::chrono::milliseconds(200);  // and never hold deliveries longer

using Clock = std::chrono::steady_clock;

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

// RabbitMQ's MQTT plugin turns topic "/" into routing-key "." and "." into "/".
std::string topic_of(std::string key) {
    for (auto& c : key) c = c == '.' ? '/' : c == '/' ? '.' : c;
    return key;
}

void sleep_unless(const std::atomic<bool>& stop, std::chrono::milliseconds d) {
    for (auto end = Clock::now() + d; !stop.load() && Clock::now() < end;)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

}  // namespace

AmqpHubService::AmqpHubService(Database& db, AmqpIngestSettings amqp, std::string prefix, HubLoopSettings settings)
    : amqp_(std::move(amqp)), settings_(settings), ingestor_(db, prefix), states_(db, prefix), tiers_(db) {}

bool AmqpHubService::connect() {
    for (std::size_t i = 0; i < amqp_.nodes.size(); ++i) {
        const auto& node = amqp_.nodes[next_node_];
        try {
            auto c = std::make_unique<AmqpConnection>(node, amqp_.heartbeat);
            c->set_prefetch(amqp_.prefetch);
            c->check_queue(amqp_.queue);
            c->check_queue(amqp_.state_queue);
            batch_consumer_ = c->consume(amqp_.queue);
            (void)c->consume(amqp_.state_queue);
            conn_ = std::move(c);
            ever_connected_ = true;
            log::info("hub", "consuming ", amqp_.queue, " and ", amqp_.state_queue, " on ", node.name(),
                      " (prefetch ", amqp_.prefetch, ")");
            return true;
        } catch (const AmqpQueueMissing&) {
            if (!ever_connected_) throw;  // never declared: say so instead of waiting forever
            log::warn("hub", node.name(), ": a queue is missing; trying the next node");
        } catch (const AmqpError& e) {
            log::warn("hub", e.what());
        }
        next_node_ = (next_node_ + 1) % amqp_.nodes.size();
    }
    return false;
}

void AmqpHubService::gather() {
    const auto per_txn = static_cast<std::size_t>(std::max(1, amqp_.prefetch / 2));
    const auto until = Clock::now() + kMaxGather;
    AmqpDelivery d;
    while (batches_.size() + state_msgs_.size() < per_txn && Clock::now() < until) {
        const bool empty = batches_.empty() && state_msgs_.empty();
        const auto w = conn_->next(empty ? settings_.tick : kLinger, d);
        if (w != AmqpConnection::Wait::delivery) break;
        IncomingMessage m{topic_of(std::move(d.routing_key)), std::move(d.body), wall_ms()};
        (d.consumer_tag == batch_consumer_ ? batches_ : state_msgs_).push_back(std::move(m));
        last_tag_ = d.tag;
    }
}

bool AmqpHubService::store_and_ack(const std::atomic<bool>& stop) {
    while (!batches_.empty()) {
        if (auto s = ingestor_.ingest(batches_, false)) {
            totals_ += *s;
            batches_.clear();
            if (!retrying_.empty()) log::info("hub", "database usable again; the held batches are stored");
            retrying_.clear();
            break;
        }
        // Another hub holds the database, or its server is away: the node keeps
        // the deliveries meanwhile. A problem is said once, not every retry.
        if (stop.load()) return false;
        const std::string& why = ingestor_.last_problem();
        if (!why.empty() && why != retrying_) log::warn("hub", why, "; retrying ", batches_.size(), " batches");
        else log::debug("hub", "database busy; retrying ", batches_.size(), " batches");
        retrying_ = why;
        sleep_unless(stop, kBusyPause);
    }
    while (!state_msgs_.empty()) {
        if (auto s = states_.keep(state_msgs_)) {
            states_kept_ += s->kept;
            totals_.dead_letters += s->dead_letters;
            state_msgs_.clear();
            break;
        }
        if (stop.load()) return false;
        sleep_unless(stop, kBusyPause);
    }
    // Committed: now, and only now, one acknowledgement for all of them.
    // A failed ack leaves the connection dead: run() reconnects, and what was
    // stored here comes again as duplicates.
    (void)conn_->ack_through(last_tag_);
    return true;
}

void AmqpHubService::maintain(bool prune_now) { tiers_.look_after(wall_ms(), settings_.hot_days, prune_now); }

void AmqpHubService::log_stats(const char* what, const IngestStats& s) const {
    log::info("hub", what, ": ", s.batches, " batches, ", s.samples, " samples, ", s.events, " events stored; ",
              s.duplicates, " duplicates; ", s.dead_letters, " dead letters; ", states_kept_, " states kept");
}

void AmqpHubService::chores() {
    const auto now = Clock::now();
    if (now >= next_refresh_) {
        if (auto days = ingestor_.refresh_marts()) totals_.days_refreshed += *days;
        next_refresh_ = Clock::now() + settings_.mart_refresh_every;
    }
    if (now >= next_maintenance_) {
        maintain(false);
        next_maintenance_ = Clock::now() + settings_.maintenance_every;
    }
    if (now >= next_log_) {
        log_stats("last minute", totals_ - last_logged_);
        last_logged_ = totals_;
        next_log_ = now + settings_.stats_every;
    }
}

IngestStats AmqpHubService::run(const std::atomic<bool>& stop) {
    maintain(true);
    sd::notify_ready();
    const auto watchdog_every = sd::watchdog_ping_interval();
    auto next_watchdog = Clock::now();
    next_refresh_ = Clock::now();
    next_maintenance_ = Clock::now() + settings_.maintenance_every;
    next_log_ = Clock::now() + settings_.stats_every;
    auto pause = std::chrono::milliseconds(kFirstReconnectPause);
    while (!stop.load()) {
        if (watchdog_every && Clock::now() >= next_watchdog) {
            sd::notify_watchdog();
            next_watchdog = Clock::now() + *watchdog_every;
        }
        if (!conn_ && !connect()) {
            // Every node is down (a full restart takes minutes): back off.
            sleep_unless(stop, pause);
            pause = std::min(pause * 2, kLongestReconnectPause);
            continue;
        }
        pause = kFirstReconnectPause;
        try {
            gather();
            if ((!batches_.empty() || !state_msgs_.empty()) && !store_and_ack(stop)) break;
        } catch (...) {
            conn_.reset();  // hands the deliveries back before the error ends the hub
            throw;
        }
        if (conn_ && !conn_->alive()) {
            log::warn("hub", conn_->node(), ": ", conn_->lost_reason(), "; reconnecting");
            conn_.reset();
            next_node_ = (next_node_ + 1) % amqp_.nodes.size();
        }
        if (!conn_) {
            // Whatever was gathered and not acknowledged is the queue's again.
            batches_.clear();
            state_msgs_.clear();
        }
        chores();
    }
    sd::notify_stopping();
    log::info("hub", "stopping: closing the AMQP connection");
    conn_.reset();  // unacknowledged deliveries go back to the queue
    if (auto days = ingestor_.refresh_marts()) totals_.days_refreshed += *days;
    log_stats("total", totals_);
    return totals_;
}

}  // namespace pg::hub
