// A database written by the walking skeleton (schema 1) upgrades in place.
#include "hub_fixture.hpp"
#include "mart/tiers.hpp"
#include "store/migrations.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>

using namespace pg::hub;
using pg::hub::test::scalar;

namespace {
class SchemaUpgrade : public test::TempDirTest {};
}  // namespace

TEST_F(SchemaUpgrade, SchemaOneUpgradesInPlaceAndIsRecomputed) {
    const auto file = path("v1.db");
    {
        auto db = test::old_schema_database(file, 1);
        db.exec("INSERT INTO devices (id, name, tz, first_seen_ms, last_seen_ms) VALUES (1, 'old', 'UTC', 0, 0)");
        // Two good samples at 2026-03-10 09:00 UTC and the skeleton's mart row for them.
        db.exec("INSERT INTO samples VALUES (1, 1773133200000, 0, 90, 100, 0, 0, 0, 600), "
                "(1, 1773133200600, 0, 80, 100, 0, 0, 0, 600)");
        db.exec("INSERT INTO daily_mart VALUES (1, '2026-03-10', 1200, 1200, 1200, 0, 0, 0, 0, 0, 0, 0, 0, 170, 2, "
                "0, 1773133200000, 1773133200600)");
    }
    auto db = open_hub_database(file);
    EXPECT_EQ(scalar(db, "SELECT max(version) FROM schema_version"), kSchemaVersion);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM dirty_minutes"), 1);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM dirty_days"), 1);
    TierMaintenance tiers(db);
    tiers.prune(1773133200000, 30);  // refreshes first; nothing is old enough to go
    // Schema 3 moved the two samples into one block and dropped the old table.
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM sample_blocks"), 1);
    EXPECT_EQ(scalar(db, "SELECT sum(n) FROM sample_blocks"), 2);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'samples'"), 0);
    EXPECT_EQ(scalar(db, "SELECT score_p50 FROM daily_mart"), 80);
    EXPECT_EQ(scalar(db, "SELECT longest_good_ms FROM daily_mart"), 1200);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM weekly_mart WHERE week = '2026-W11'"), 1);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM minute_rollup"), 1);
}
