#pragma once

#include "ingest/incoming_message.hpp"
#include "ingest/ingestor.hpp"
#include "mart/day_stats.hpp"
#include "pg/batch.hpp"
#include "store/database.hpp"
#include "store/schema.hpp"

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

// A test that runs on each engine (INSTANTIATE_TEST_SUITE_P(..., kEngines,
// engine_name)): store_ is a fresh, empty store, an SQLite file "hub.db" in the
// test's directory or a new database on the process's PostgreSQL test server
// (tests/support/postgres_server.hpp). Derived SetUps return when IsSkipped().
class EngineTest : public TempDirTest, public ::testing::WithParamInterface<Engine> {
protected:
    void SetUp() override;
    Engine engine() const { return GetParam(); }
    Database open_hub() const { return open_hub_database(store_); }
    Database open_report() const { return open_report_database(store_); }
    // The store as pg-hub and pg-report take it: {"--db", FILE} or {"--store-url", URL}.
    std::vector<std::string> store_args() const;
    // Another fresh store on the same engine ("<name>.db", or a new database).
    StoreLocation fresh_store(const std::string& name) const;

    StoreLocation store_;
};

// Names the instantiations ".../SQLite" and ".../PostgreSQL" (ctest labels the
// latter `fleet`).
std::string engine_name(const ::testing::TestParamInfo<Engine>& info);
#ifdef PG_HAVE_POSTGRESQL
#define PG_ENGINES ::testing::Values(::pg::hub::Engine::sqlite, ::pg::hub::Engine::postgresql)
#else
#define PG_ENGINES ::testing::Values(::pg::hub::Engine::sqlite)
#endif
#define PG_INSTANTIATE_ENGINES(suite) \
    INSTANTIATE_TEST_SUITE_P(Engines, suite, PG_ENGINES, ::pg::hub::test::engine_name)

// A fresh hub database (EngineTest's store) with an Ingestor on it.
class HubDbTest : public EngineTest {
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
