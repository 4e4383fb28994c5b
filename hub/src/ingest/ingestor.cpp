#include "ingest/ingestor.hpp"

#include "mart/local_day.hpp"
#include "mart/minute_rollup.hpp"
#include "pg/log.hpp"

#include <set>
#include <utility>

namespace pg::hub {

Ingestor::Ingestor(Database& db, std::string prefix)
    : db_(db),
      prefix_(std::move(prefix)),
      mart_(db),
      device_insert_(db.prepare(db.dialect().insert_or_ignore("devices (name, tz, first_seen_ms, last_seen_ms) "
                                                              "VALUES (?1, ?2, ?3, ?3)"))),
      device_id_(db.prepare("SELECT id FROM devices WHERE name = ?1")),
      device_seen_(db.prepare("UPDATE devices SET tz = ?2, first_seen_ms = " + std::string(db.dialect().least()) +
                              "(first_seen_ms, ?3), last_seen_ms = " + std::string(db.dialect().greatest()) +
                              "(last_seen_ms, ?3) WHERE id = ?1")),
      device_duplicate_(db.prepare("UPDATE devices SET duplicates = duplicates + 1 WHERE id = ?1")),
      batch_insert_(db.prepare(db.dialect().insert_or_ignore(
          "batches (device_id, stream, seq, t0_ms, cadence_ms, n_samples, n_events, dropped_samples, "
          "received_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"))),
      batch_stored_(db.prepare("SELECT t0_ms, cadence_ms, n_samples, n_events FROM batches "
                               "WHERE device_id = ?1 AND stream = ?2 AND seq = ?3")),
      blocks_(db),
      event_insert_(db.prepare("INSERT INTO events (device_id, t_ms, type, value) VALUES (?1, ?2, ?3, ?4)")),
      dead_letter_insert_(db.prepare("INSERT INTO dead_letters (received_at_ms, topic, device, reason, detail, "
                                     "payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")) {}

std::optional<IngestStats> Ingestor::ingest(std::span<const IncomingMessage> messages, bool refresh_marts) {
    IngestStats stats;
    if (messages.empty()) return stats;
    new_device_ids_.clear();
    last_problem_.clear();
    std::vector<Verdict> verdicts;
    verdicts.reserve(messages.size());
    for (const auto& msg : messages) verdicts.push_back(validate_message(msg, prefix_));
    try {
        auto txn = db_.begin_immediate();
        if (!txn) return std::nullopt;
        lock_devices(messages, verdicts);
        for (std::size_t i = 0; i < messages.size(); ++i) {
            ++stats.messages;
            if (const auto* ok = std::get_if<Accepted>(&verdicts[i]))
                store_accepted(messages[i], *ok, stats);
            else
                store_refused(messages[i], std::get<Refused>(verdicts[i]), stats);
        }
        if (refresh_marts) stats.days_refreshed = mart_.refresh();
        if (!txn->commit()) return std::nullopt;
    } catch (const TransientStoreError& e) {
        // Rolled back: nothing of these messages is stored, and the ids of devices
        // first seen here are forgotten with it.
        last_problem_ = e.what();
        return std::nullopt;
    }
    device_ids_.merge(new_device_ids_);
    return stats;
}

void Ingestor::lock_devices(std::span<const IncomingMessage> messages, const std::vector<Verdict>& verdicts) {
    // SQLite's BEGIN IMMEDIATE already made this the only writer.
    if (db_.engine() == Engine::sqlite) return;
    // Every device of the call, in id order before anything else: two hubs whose
    // calls share devices then wait for each other in turn, never crosswise.
    std::set<std::int64_t> ids;
    for (std::size_t i = 0; i < messages.size(); ++i)
        if (const auto* ok = std::get_if<Accepted>(&verdicts[i]))
            ids.insert(ensure_device(ok->batch, messages[i].received_ms));
    for (const auto id : ids) db_.lock_device(id, true);
}

std::optional<int> Ingestor::refresh_marts() {
    last_problem_.clear();
    try {
        auto txn = db_.begin_immediate();
        if (!txn) return std::nullopt;
        const int days = mart_.refresh();
        if (!txn->commit()) return std::nullopt;
        return days;
    } catch (const TransientStoreError& e) {
        last_problem_ = e.what();
        return std::nullopt;
    }
}

std::int64_t Ingestor::ensure_device(const Batch& b, std::int64_t received_ms) {
    if (auto it = device_ids_.find(b.device); it != device_ids_.end()) return it->second;
    if (auto it = new_device_ids_.find(b.device); it != new_device_ids_.end()) return it->second;
    device_insert_.run(b.device, b.tz, received_ms);
    auto c = device_id_.bind(b.device);
    if (!c.next()) throw StoreError("device '" + b.device + "' vanished while being stored");
    const std::int64_t id = c.int64(0);
    new_device_ids_.emplace(b.device, id);
    return id;
}

void Ingestor::store_accepted(const IncomingMessage& msg, const Accepted& ok, IngestStats& stats) {
    const Batch& b = ok.batch;
    const std::int64_t device_id = ensure_device(b, msg.received_ms);
    const int inserted = batch_insert_.run(device_id, b.stream, static_cast<std::int64_t>(b.seq), b.t0_ms,
                                           b.cadence_ms, b.samples.size(), b.events.size(), b.dropped_samples,
                                           msg.received_ms);
    if (inserted == 0) {
        store_duplicate(msg, b, device_id, stats);
        return;
    }
    device_seen_.run(device_id, b.tz, msg.received_ms);

    const LocalCalendar cal(ok.zone);
    DayTracker days(cal);
    // Days and minutes to mark; consecutive samples mostly share both, so only a
    // change is formatted and looked up.
    std::set<std::string> touched;
    std::set<std::int64_t> minutes;
    std::optional<cctz::civil_day> last_day;
    const auto touch_day = [&](std::int64_t t_ms) {
        const auto& day = days.day_of(t_ms);
        if (last_day == day) return;
        last_day = day;
        touched.insert(format_day(day));
    };
    std::int64_t last_minute = -1;
    blocks_.add(device_id, b.samples, b.cadence_ms);
    for (const auto& s : b.samples) {
        touch_day(s.t_ms);
        if (const auto minute = minute_of(s.t_ms); minute != last_minute) {
            last_minute = minute;
            minutes.insert(minute);
        }
    }
    for (const auto& e : b.events) {
        event_insert_.run(device_id, e.t_ms, static_cast<int>(e.type), e.value);
        touch_day(e.t_ms);
    }
    for (const auto& day : touched) mart_.mark_dirty(device_id, day);
    for (auto minute : minutes) mart_.mark_minute(device_id, minute);
    ++stats.batches;
    stats.samples += static_cast<std::int64_t>(b.samples.size());
    stats.events += static_cast<std::int64_t>(b.events.size());
}

void Ingestor::store_duplicate(const IncomingMessage& msg, const Batch& b, std::int64_t device_id,
                               IngestStats& stats) {
    bool same = false;
    {
        auto c = batch_stored_.bind(device_id, b.stream, static_cast<std::int64_t>(b.seq));
        same = c.next() && c.int64(0) == b.t0_ms && c.int64(1) == b.cadence_ms &&
               c.int64(2) == static_cast<std::int64_t>(b.samples.size()) &&
               c.int64(3) == static_cast<std::int64_t>(b.events.size());
    }
    if (!same) {
        store_refused(msg,
                      Refused{b.device, std::string(reason::seq_reused),
                              "stream " + std::to_string(b.stream) + " seq " + std::to_string(b.seq) +
                                  " was stored before with other contents; this batch is kept here"},
                      stats);
        return;
    }
    // QoS 1 redelivers after a lost PUBACK: same (device, stream, seq), same content.
    device_duplicate_.run(device_id);
    ++stats.duplicates;
    log::debug("hub", "duplicate batch ", b.device, " stream ", b.stream, " seq ", b.seq);
}

void Ingestor::store_refused(const IncomingMessage& msg, const Refused& why, IngestStats& stats) {
    std::optional<std::string> device;
    if (!why.device.empty()) device = why.device;
    dead_letter_insert_.run(msg.received_ms, msg.topic, device, why.reason, why.detail, msg.payload);
    ++stats.dead_letters;
    log::warn("hub", "dead letter from '", msg.topic, "': ", why.reason, ": ", why.detail);
}

}  // namespace pg::hub
