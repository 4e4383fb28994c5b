#include "hub_fixture.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <functional>

using namespace pg::hub;
using pg::hub::test::scalar;

namespace {

class Store : public test::TempDirTest {};

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const StoreError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST_F(Store, MigratesAFreshFileAndReopensWithoutMigratingAgain) {
    const auto file = path("hub.db");
    {
        auto db = Database::open(file, OpenMode::read_write_create);
        EXPECT_EQ(migrate(db), 0);  // found a fresh file
        EXPECT_EQ(scalar(db, "SELECT max(version) FROM schema_version"), kSchemaVersion);
        EXPECT_EQ(scalar(db, "PRAGMA application_id"), kApplicationId);
        EXPECT_EQ(scalar(db, "PRAGMA foreign_keys"), 1);
        EXPECT_EQ(scalar(db, "PRAGMA synchronous"), 1);  // NORMAL
        EXPECT_EQ(scalar(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'daily_mart'"), 1);
    }
    auto db = Database::open(file, OpenMode::read_write_create);
    EXPECT_EQ(migrate(db), kSchemaVersion);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM schema_version"), kSchemaVersion);
    auto mode = db.prepare("PRAGMA journal_mode");
    auto c = mode.bind();
    ASSERT_TRUE(c.next());
    EXPECT_EQ(c.text(0), "wal");
}

TEST_F(Store, RefusesADatabaseFromANewerVersion) {
    const auto file = path("newer.db");
    {
        auto db = open_hub_database(file);
        db.prepare("INSERT INTO schema_version (version, description, applied_at_ms) VALUES (?1, 'future', 0)")
            .run(kSchemaVersion + 1);
    }
    const auto msg = error_of([&] { open_hub_database(file); });
    EXPECT_NE(msg.find("newer than this build"), std::string::npos) << msg;
    EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
    EXPECT_NE(error_of([&] { open_report_database(file); }).find("newer"), std::string::npos);
}

TEST_F(Store, RefusesAnotherApplicationsDatabase) {
    const auto file = path("other.db");
    {
        auto db = Database::open(file, OpenMode::read_write_create);
        db.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
    }
    const auto msg = error_of([&] { open_hub_database(file); });
    EXPECT_NE(msg.find("not a Posture Guard database"), std::string::npos) << msg;
    // and it was left alone
    auto db = Database::open(file, OpenMode::read_only);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM sqlite_schema"), 1);
    EXPECT_NE(error_of([&] { open_report_database(file); }).find("not a Posture Guard"), std::string::npos);
}

TEST_F(Store, RefusesAFileThatIsNotSqlite) {
    const auto file = path("notes.txt");
    std::ofstream(file) << "these are not the pages you are looking for, " << std::string(200, 'x') << "\n";
    const auto msg = error_of([&] { open_hub_database(file); });
    EXPECT_NE(msg.find("is not an SQLite database"), std::string::npos) << msg;
    EXPECT_NE(error_of([&] { open_report_database(file); }).find("is not an SQLite database"), std::string::npos);
}

TEST_F(Store, ReportOpenNeverCreatesAndNeverWrites) {
    const auto missing = path("missing.db");
    EXPECT_NE(error_of([&] { open_report_database(missing); }).find("not found"), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(missing));

    const auto file = path("hub.db");
    open_hub_database(file);
    auto db = open_report_database(file);
    EXPECT_TRUE(db.read_only());
    const auto msg = error_of([&] {
        db.prepare("INSERT INTO devices (name, tz, first_seen_ms, last_seen_ms) VALUES ('x', 'UTC', 0, 0)").run();
    });
    EXPECT_NE(msg.find("readonly"), std::string::npos) << msg;
}

TEST_F(Store, AnEmptyFileIsNoReport) {
    const auto file = path("empty.db");
    std::ofstream{file};
    EXPECT_NE(error_of([&] { open_report_database(file); }).find("empty"), std::string::npos);
}

TEST_F(Store, StatementsAreResetAfterEachUse) {
    auto db = open_hub_database(path("hub.db"));
    auto insert = db.prepare("INSERT INTO devices (name, tz, first_seen_ms, last_seen_ms) VALUES (?1, 'UTC', ?2, ?2)");
    EXPECT_EQ(insert.run("a", 1), 1);
    EXPECT_EQ(insert.run("b", 2), 1);
    auto count = db.prepare("SELECT count(*) FROM devices WHERE first_seen_ms >= ?1");
    for (int i = 0; i < 3; ++i) {
        auto c = count.bind(0);  // left after the first row without reading to the end
        ASSERT_TRUE(c.next());
        EXPECT_EQ(c.int64(0), 2);
    }
    // A constraint violation is an error naming the file, and the statement stays usable.
    EXPECT_NE(error_of([&] { insert.run("a", 3); }).find("UNIQUE"), std::string::npos);
    EXPECT_EQ(insert.run("c", 4), 1);
}

TEST_F(Store, TransactionsRollBackUnlessCommitted) {
    auto db = open_hub_database(path("hub.db"));
    auto insert = db.prepare("INSERT INTO devices (name, tz, first_seen_ms, last_seen_ms) VALUES (?1, 'UTC', 0, 0)");
    {
        auto txn = db.begin_immediate();
        ASSERT_TRUE(txn);
        insert.run("gone");
    }
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM devices"), 0);
    {
        auto txn = db.begin_immediate();
        ASSERT_TRUE(txn);
        insert.run("kept");
        EXPECT_TRUE(txn->commit());
    }
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM devices"), 1);
}

TEST_F(Store, BusyIsAValueNotAnException) {
    const auto file = path("hub.db");
    auto writer = open_hub_database(file);
    auto other = open_hub_database(file);
    auto held = writer.begin_immediate();
    ASSERT_TRUE(held);
    other.exec("PRAGMA busy_timeout = 50");  // do not wait the production 5 s
    EXPECT_FALSE(other.begin_immediate().has_value());
}
