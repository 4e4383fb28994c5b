#pragma once

#include "ingest/incoming_message.hpp"
#include "ingest/ingestor.hpp"
#include "mart/day_stats.hpp"
#include "pg/batch.hpp"
#include "store/database.hpp"

#include <cctz/civil_time.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pg::hub::test {

// A fresh directory per test, removed afterwards: the tests use real SQLite files.
class TempDirTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;
    std::filesystem::path path(const std::string& name) const { return dir_ / name; }

private:
    std::filesystem::path dir_;
};

// A fresh hub database ("hub.db" in the test's directory) with an Ingestor on it.
class HubDbTest : public TempDirTest {
protected:
    void SetUp() override;
    // Stores messages in one call as the hub would; a busy database fails the test.
    IngestStats ingest(const std::vector<IncomingMessage>& messages);
    // One batch as the hub would receive it.
    IngestStats ingest(const Batch& b);
    // The daily marts of the only device, by day.
    std::map<std::string, DayStats> days(bool with_hours = false);

    std::optional<Database> db_;
    std::optional<Ingestor> ingestor_;
};

// Unix ms of a local wall time in an IANA zone.
std::int64_t local_ms(const cctz::civil_second& cs, const std::string& tz);

// A valid batch: samples `cadence_ms` apart from t0 with the given states;
// scores 90 for good, 60 for other present states, 0 otherwise.
Batch make_batch(const std::string& device, std::uint64_t seq, std::int64_t t0_ms,
                 const std::vector<PostureState>& states, const std::string& tz = "UTC",
                 std::uint32_t cadence_ms = 600);

// As the hub would receive it on "postureguard/<device>/batch", a minute after
// its last sample.
IncomingMessage message_for(const Batch& b);
IncomingMessage raw_message(const std::string& topic, std::vector<std::uint8_t> payload, std::int64_t received_ms);

// n copies of a state, to write fixtures as {good x5, forward x3}.
std::vector<PostureState> repeat(PostureState s, int n);
std::vector<PostureState> concat(std::initializer_list<std::vector<PostureState>> parts);

// A database as an older build left it: the schema of migrations 1..version
// only, without their data moves, so a test can fill it and then upgrade it.
Database old_schema_database(const std::filesystem::path& file, int version);

// A single integer from a query without values (test inspection only).
std::int64_t scalar(const Database& db, const std::string& sql);

}  // namespace pg::hub::test
