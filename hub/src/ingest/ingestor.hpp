#pragma once

#include "ingest/incoming_message.hpp"
#include "ingest/ingest_stats.hpp"
#include "ingest/validate.hpp"
#include "mart/daily_mart.hpp"
#include "store/database.hpp"
#include "store/sample_blocks.hpp"

#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace pg::hub {

// Stores messages: validated batches into batches/sample_blocks/events, everything
// else into dead_letters, then refreshes the marts of the days it touched, all in
// one transaction per call so a crash never leaves half a batch.
class Ingestor {
public:
    Ingestor(Database& db, std::string prefix);
    Ingestor(const Ingestor&) = delete;
    Ingestor& operator=(const Ingestor&) = delete;

    // nullopt: the database was busy (SQLite: another writer past busy_timeout;
    // PostgreSQL: a deadlock, a serialization failure or a lost connection, see
    // last_problem()); nothing was stored and the caller retries with the same
    // messages. With
    // `refresh_marts` false the touched days stay marked dirty for refresh_marts().
    [[nodiscard]] std::optional<IngestStats> ingest(std::span<const IncomingMessage> messages,
                                                    bool refresh_marts = true);
    // Brings the marts of every dirty day up to date in one transaction; returns
    // the number of days refreshed, nullopt when the database was busy.
    [[nodiscard]] std::optional<int> refresh_marts();
    // Why the last nullopt was returned, when the engine said ("" for SQLite busy).
    const std::string& last_problem() const { return last_problem_; }

private:
    void lock_devices(std::span<const IncomingMessage> messages, const std::vector<Verdict>& verdicts);
    void store_accepted(const IncomingMessage& msg, const Accepted& ok, IngestStats& stats);
    void store_refused(const IncomingMessage& msg, const Refused& why, IngestStats& stats);
    // A batch whose key is stored already: a redelivery (counted) or, with other
    // contents, a number used twice (a dead letter).
    void store_duplicate(const IncomingMessage& msg, const Batch& b, std::int64_t device_id, IngestStats& stats);
    std::int64_t ensure_device(const Batch& b, std::int64_t received_ms);

    Database& db_;
    std::string prefix_;
    DailyMart mart_;
    Statement device_insert_;
    Statement device_id_;
    Statement device_seen_;
    Statement device_duplicate_;
    Statement batch_insert_;
    Statement batch_stored_;
    SampleBlocks blocks_;
    Statement event_insert_;
    Statement dead_letter_insert_;
    // Device ids by name, so a known device costs no lookups. Ids first seen in
    // the open transaction join only after its commit: a rollback forgets them.
    std::unordered_map<std::string, std::int64_t> device_ids_;
    std::unordered_map<std::string, std::int64_t> new_device_ids_;
    std::string last_problem_;
};

}  // namespace pg::hub
