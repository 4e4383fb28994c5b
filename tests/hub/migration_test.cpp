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

TEST_F(SchemaUpgrade, SchemaThreeGainsPausedTimeWithoutLosingAnything) {
    const auto file = path("v3.db");
    {
        auto db = test::old_schema_database(file, 3);
        db.exec("INSERT INTO devices (id, name, tz, first_seen_ms, last_seen_ms) VALUES (1, 'old', 'UTC', 0, 0)");
        // The marts of one minute of 2026-03-10 09:00 UTC as schema 3 kept them (the
        // raw samples already pruned): two good samples of 600 ms.
        db.exec("INSERT INTO minute_rollup VALUES (1, 1773133200000, 1200, 0, 0, 0, 0, 0, 0, 0, 0, 170, 2, "
                "x'505a', 1773133200000, 1773133200600, 600, 1200, 1200, 1200)");
        db.exec("INSERT INTO daily_mart (device_id, day, monitored_ms, present_ms, good_ms, forward_head_ms, "
                "slouch_ms, looking_down_ms, tilt_ms, away_ms, too_dark_ms, uncalibrated_ms, camera_error_ms, "
                "score_sum, score_n, alerts, first_sample_ms, last_sample_ms, score_p50, grade) VALUES (1, "
                "'2026-03-10', 1200, 1200, 1200, 0, 0, 0, 0, 0, 0, 0, 0, 170, 2, 0, 1773133200000, 1773133200600, "
                "80, 'A')");
        db.exec("INSERT INTO weekly_mart VALUES (1, '2026-W11', '2026-03-09', 1, 1200, 1200, 1200, 0, 0, 0, 0, 0, "
                "170, 2, 0, 0, 0, 1200, 60000, 1, 0, '2026-03-10', '2026-03-10', 'A')");
        db.exec("UPDATE devices SET pruned_before_ms = 1773187200000");  // 2026-03-11: the day is frozen
    }
    auto db = open_hub_database(file);
    EXPECT_EQ(scalar(db, "SELECT max(version) FROM schema_version"), kSchemaVersion);
    EXPECT_EQ(scalar(db, "SELECT paused_ms FROM minute_rollup"), 0);
    EXPECT_EQ(scalar(db, "SELECT paused_ms FROM daily_mart"), 0);
    EXPECT_EQ(scalar(db, "SELECT paused_ms FROM weekly_mart"), 0);
    // The monitored span of an old day is its sample span.
    EXPECT_EQ(scalar(db, "SELECT first_monitored_ms FROM daily_mart"), 1773133200000);
    EXPECT_EQ(scalar(db, "SELECT last_monitored_ms FROM daily_mart"), 1773133200600);
    // A rebuild from the warm tier gives the same day, through the new columns.
    TierMaintenance tiers(db);
    EXPECT_EQ(tiers.rebuild(false), 1);
    EXPECT_EQ(scalar(db, "SELECT monitored_ms FROM daily_mart"), 1200);
    EXPECT_EQ(scalar(db, "SELECT score_p50 FROM daily_mart"), 80);
    EXPECT_EQ(scalar(db, "SELECT first_monitored_ms FROM daily_mart"), 1773133200000);
    EXPECT_EQ(scalar(db, "SELECT days_with_data FROM weekly_mart"), 1);
}
