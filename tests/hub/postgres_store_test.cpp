// The PostgreSQL engine on a real server: schema marks and migrations, refusals
// of what is not ours, and clear errors for a wrong URL, a server that is down
// and a database that does not exist.
#include "app/hub_config.hpp"
#include "hub_fixture.hpp"
#include "pg/errors.hpp"
#include "broker.hpp"
#include "postgres_server.hpp"
#include "store/migrations.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>

#include <thread>

using namespace pg;
using namespace pg::hub;
using pg::hub::test::scalar;
using pg::test::PostgresServer;

namespace {

template <typename F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class PostgresStore : public ::testing::Test {
protected:
    void SetUp() override {
        if (!PostgresServer::available()) GTEST_SKIP() << "the PostgreSQL server binaries (Debian package postgresql) are not installed";
        server_ = &PostgresServer::shared();
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        url_ = server_->create_database(info->name());
        dbname_ = url_.substr(url_.rfind('/') + 1);
    }
    PostgresServer* server_ = nullptr;
    std::string url_, dbname_;
};

}  // namespace

TEST_F(PostgresStore, MigratesAFreshDatabaseOnceAndKeepsTheMarksInTables) {
    {
        auto db = open_hub_database(StoreLocation{{}, url_});
        EXPECT_EQ(db.engine(), Engine::postgresql);
        EXPECT_EQ(db.name(), url_);
        EXPECT_EQ(scalar(db, "SELECT max(version) FROM schema_version"), kSchemaVersion);
        EXPECT_EQ(scalar(db, "SELECT count(*) FROM schema_version"), kSchemaVersion);
        EXPECT_EQ(scalar(db, "SELECT application_id FROM posture_guard"), kApplicationId);
        // The hot tier addresses blocks by a row id, as SQLite's rowid.
        EXPECT_EQ(scalar(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'sample_blocks' "
                             "AND column_name = 'rowid'"), 1);
        EXPECT_EQ(scalar(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'minute_rollup' "
                             "AND column_name = 'scores' AND data_type = 'bytea'"), 1);
    }
    auto db = Database::open_url(url_, OpenMode::read_write_create);
    EXPECT_EQ(migrate(db), kSchemaVersion) << "found at the current version: nothing applied again";
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM schema_version"), kSchemaVersion);
    auto report = open_report_database(StoreLocation{{}, url_});
    EXPECT_TRUE(report.read_only());
    // The report's connection refuses to write even when asked to.
    EXPECT_TRUE(has(error_of([&] { report.exec("DELETE FROM devices"); }), "read-only transaction"));
}

TEST_F(PostgresStore, SeveralHubsStartingAtOnceMigrateOnce) {
    std::vector<std::thread> hubs;
    std::vector<std::string> errors(4);
    for (std::size_t i = 0; i < errors.size(); ++i)
        hubs.emplace_back([&, i] { errors[i] = error_of([&] { open_hub_database(StoreLocation{{}, url_}); }); });
    for (auto& t : hubs) t.join();
    for (const auto& e : errors) EXPECT_EQ(e, "(no error)");
    auto db = Database::open_url(url_, OpenMode::read_only);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM schema_version"), kSchemaVersion);
}

TEST_F(PostgresStore, RefusesSomeoneElsesDatabaseAndTouchesNothing) {
    server_->psql(dbname_, "CREATE TABLE customers (id integer PRIMARY KEY, name text)");
    const auto msg = error_of([&] { open_hub_database(StoreLocation{{}, url_}); });
    EXPECT_TRUE(has(msg, "database " + url_ + " is not a Posture Guard database")) << msg;
    EXPECT_TRUE(has(msg, "1 tables of another application")) << msg;
    EXPECT_EQ(server_->psql(dbname_, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "1\n");
    EXPECT_TRUE(has(error_of([&] { open_report_database(StoreLocation{{}, url_}); }), "not a Posture Guard"));
}

TEST_F(PostgresStore, RefusesANewerSchemaAndAnEmptyDatabaseForTheReport) {
    EXPECT_TRUE(has(error_of([&] { open_report_database(StoreLocation{{}, url_}); }),
                    "not a Posture Guard database (it is empty)"));
    open_hub_database(StoreLocation{{}, url_});
    server_->psql(dbname_, "INSERT INTO schema_version VALUES (99, 'from the future', 0)");
    const auto msg = error_of([&] { open_hub_database(StoreLocation{{}, url_}); });
    EXPECT_TRUE(has(msg, "has schema version 99, newer than this build")) << msg;
}

TEST_F(PostgresStore, AWrongUrlAServerThatIsDownAndAMissingDatabaseAreClearErrors) {
    const int down = pg::test::free_loopback_port();
    const std::string nowhere = "postgresql://hub@127.0.0.1:" + std::to_string(down) + "/fleet";
    auto msg = error_of([&] { open_hub_database(StoreLocation{{}, nowhere}); });
    EXPECT_TRUE(has(msg, "database " + nowhere + ": cannot connect")) << msg;
    EXPECT_TRUE(has(msg, "Connection refused")) << msg;

    const std::string missing = server_->url("no_such_db");
    msg = error_of([&] { open_report_database(StoreLocation{{}, missing}); });
    EXPECT_TRUE(has(msg, "database " + missing + ": cannot connect")) << msg;
    EXPECT_TRUE(has(msg, "\"no_such_db\" does not exist")) << msg;

    // A password is never repeated in a message.
    const std::string secret = "postgresql://hub:s3cret@127.0.0.1:" + std::to_string(down) + "/fleet";
    msg = error_of([&] { open_hub_database(StoreLocation{{}, secret}); });
    EXPECT_FALSE(has(msg, "s3cret")) << msg;
    EXPECT_TRUE(has(msg, "postgresql://hub@127.0.0.1:" + std::to_string(down) + "/fleet")) << msg;

    // The config check: exactly one of db and url, and a URL that parses.
    EXPECT_THROW(checked_store_location(std::string("hub.db"), nowhere), ConfigError);
    EXPECT_THROW(checked_store_location(std::nullopt, std::nullopt), ConfigError);
    msg = error_of([&] { checked_store_location(std::nullopt, std::string("mysql://hub@127.0.0.1/fleet")); });
    EXPECT_TRUE(has(msg, "is not a postgresql:// URL")) << msg;
    msg = error_of([&] { checked_store_location(std::nullopt, std::string("postgresql://h/db?nonsense=1")); });
    EXPECT_TRUE(has(msg, "nonsense")) << msg;
}

TEST_F(PostgresStore, StatementsStayUsableAfterAnErrorAndTransactionsRollBack) {
    auto db = open_hub_database(StoreLocation{{}, url_});
    auto insert = db.prepare("INSERT INTO devices (name, tz, first_seen_ms, last_seen_ms) VALUES (?1, 'UTC', ?2, ?2)");
    EXPECT_EQ(insert.run("a", 1), 1);
    const auto msg = error_of([&] { insert.run("a", 3); });
    EXPECT_TRUE(has(msg, "database " + url_ + ": statement failed: duplicate key value violates unique constraint"))
        << msg;
    EXPECT_EQ(insert.run("b", 4), 1);
    {
        auto txn = db.begin_immediate();
        ASSERT_TRUE(txn);
        insert.run("gone", 5);
    }
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM devices"), 2);
    {
        auto txn = db.begin_immediate();
        ASSERT_TRUE(txn);
        insert.run("kept", 6);
        EXPECT_TRUE(txn->commit());
    }
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM devices"), 3);
    // A failed statement aborts a PostgreSQL transaction: its commit is refused,
    // and the next transaction starts clean.
    {
        auto txn = db.begin_immediate();
        ASSERT_TRUE(txn);
        EXPECT_THROW(insert.run("a", 7), StoreError);
        EXPECT_THROW((void)txn->commit(), StoreError);
    }
    {
        auto txn = db.begin_immediate();
        ASSERT_TRUE(txn);
        insert.run("after", 8);
        EXPECT_TRUE(txn->commit());
    }
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM devices"), 4);
    // Blobs go through as bytes, an empty one as empty, not NULL.
    auto put = db.prepare("INSERT INTO dead_letters (received_at_ms, topic, reason, detail, payload) "
                          "VALUES (1, 't', 'r', 'd', ?1)");
    put.run(std::vector<std::uint8_t>{0, 1, 0xff, 0x5c, 0x78});
    put.run(std::vector<std::uint8_t>{});
    auto get = db.prepare("SELECT payload FROM dead_letters ORDER BY id");
    auto c = get.bind();
    ASSERT_TRUE(c.next());
    EXPECT_EQ(c.blob(0), (std::vector<std::uint8_t>{0, 1, 0xff, 0x5c, 0x78}));
    ASSERT_TRUE(c.next());
    EXPECT_FALSE(c.is_null(0));
    EXPECT_TRUE(c.blob(0).empty());
}

TEST(PostgresDialect, PlaceholdersAndDdlAreTranslatedOnce) {
    EXPECT_EQ(dollar_placeholders("SELECT ?1, ?12, '?3', ?"), "SELECT $1, $12, '?3', $1");
    const Dialect pgd(Engine::postgresql);
    EXPECT_EQ(pgd.insert_or_ignore("t (a) VALUES (?1)"), "INSERT INTO t (a) VALUES (?1) ON CONFLICT DO NOTHING");
    EXPECT_EQ(pgd.upsert("t", {"k", "v"}, 1),
              "INSERT INTO t (k, v) VALUES (?1, ?2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v");
    EXPECT_EQ(Dialect(Engine::sqlite).upsert("t", {"k", "v"}, 1), "INSERT OR REPLACE INTO t (k, v) VALUES (?1, ?2)");
    const auto ddl = pgd.ddl("CREATE TABLE a (id INTEGER PRIMARY KEY, b BLOB NOT NULL); -- one; two\n"
                             "CREATE TABLE c (x INTEGER NOT NULL, PRIMARY KEY (x)) WITHOUT ROWID;\n"
                             "CREATE TABLE d (y INTEGER);\n"
                             "INSERT OR IGNORE INTO c (x) SELECT y FROM d;");
    EXPECT_EQ(ddl,
              "CREATE TABLE a (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, b BYTEA NOT NULL);\n"
              "CREATE TABLE c (x BIGINT NOT NULL, PRIMARY KEY (x));\n"
              "CREATE TABLE d (\n    rowid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,y BIGINT);\n"
              "INSERT INTO c (x) SELECT y FROM d ON CONFLICT DO NOTHING;\n");
}
