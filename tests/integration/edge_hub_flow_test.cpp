// The walking skeleton end to end: simulated camera -> pg-edge -> mosquitto ->
// pg-hub -> SQLite -> pg-report, with the counts checked at both ends.
#include "system_fixture.hpp"

#include <sqlite3.h>

using namespace pg::test;

namespace {

// Reads the daily mart straight from the hub's file, read-only.
struct MartRow {
    std::string day;
    long long monitored_ms = 0;
    long long state_sum_ms = 0;
};

std::vector<MartRow> mart_rows(const std::string& db, const std::string& device) {
    sqlite3* h = nullptr;
    std::vector<MartRow> rows;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(h);
        return rows;
    }
    const char* sql =
        "SELECT m.day, m.monitored_ms, m.good_ms + m.forward_head_ms + m.slouch_ms + m.looking_down_ms + m.tilt_ms"
        " + m.away_ms + m.too_dark_ms + m.uncalibrated_ms + m.camera_error_ms"
        " FROM daily_mart m JOIN devices d ON d.id = m.device_id WHERE d.name = ? ORDER BY m.day";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, device.c_str(), -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st) == SQLITE_ROW)
            rows.push_back({reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), sqlite3_column_int64(st, 1),
                            sqlite3_column_int64(st, 2)});
    }
    sqlite3_finalize(st);
    sqlite3_close(h);
    return rows;
}

}  // namespace

TEST_F(SystemFixture, EverySampleProducedIsStoredAndMartSecondsAddUp) {
    start_hub();
    auto r = run_edge("it-flow", "sim:workday,days=2", "20s");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto s = summary("it-flow");
    long long produced = s["samples"];
    ASSERT_GT(produced, 1000);
    EXPECT_EQ(s["batches"], s["acked_batches"]);
    EXPECT_EQ(s["dropped_samples"], 0);

    EXPECT_EQ(wait_stored("it-flow", produced, std::chrono::seconds(60)), produced);
    auto row = device_row("it-flow");
    EXPECT_EQ(row["batches"], s["batches"]);
    EXPECT_EQ(row["seq_gaps"], 0);
    EXPECT_EQ(row["dead_letters"], 0);

    // Marts follow the raw data within the hub's refresh interval (250 ms).
    std::vector<MartRow> marts;
    long long monitored = 0;
    for (int i = 0; i < 100 && monitored != produced * 20000; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        marts = mart_rows(db_, "it-flow");
        monitored = 0;
        for (const auto& m : marts) monitored += m.monitored_ms;
    }
    ASSERT_EQ(marts.size(), 2u);
    for (const auto& m : marts) EXPECT_EQ(m.monitored_ms, m.state_sum_ms) << m.day;
    EXPECT_EQ(monitored, produced * 20000);  // each sample stands for one 20 s tick

    for (const char* view : {"day", "week", "calendar"}) {
        auto v = report({"--device", "it-flow", view});
        EXPECT_EQ(v.exit_code, 0) << view << ": " << v.err;
        EXPECT_FALSE(v.out.empty()) << view;
    }
    EXPECT_EQ(stop_hub(), 0);
}

TEST_F(SystemFixture, HubThatWasDownGetsEverythingFromItsPersistentSession) {
    // The hub subscribes once, then is away while the edge publishes: the broker
    // keeps its QoS 1 messages, and the restarted hub stores all of them.
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    ASSERT_EQ(stop_hub(), 0);
    auto r = run_edge("it-later", "sim:quick", "5s");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    long long produced = summary("it-later")["samples"];
    ASSERT_GT(produced, 50);
    start_hub();
    EXPECT_EQ(wait_stored("it-later", produced, std::chrono::seconds(60)), produced);
    EXPECT_EQ(device_row("it-later")["seq_gaps"], 0);
}
