// Fault 6: the hub's database is damaged — a torn page, a file cut short, a
// foreign file in its place. pg-hub and pg-report refuse it with a clear error
// and never write to it; the documented ways back work: `pg-hub salvage` copies
// what is readable and counts what is not, and a `pg-hub backup` restores.
#include "fault_fixture.hpp"

#include <random>

using namespace pg::test;

namespace {

class CorruptDb : public FaultFixture {
protected:
    std::string sql(const std::string& db, const std::string& query) {
        auto r = run_command({"sqlite3", db, query});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.out.empty() ? "" : r.out.substr(0, r.out.find('\n'));
    }
    CommandResult hub_on(const std::string& db) {
        return run_command({PG_HUB_BIN, "--db", db, "--broker", broker_->address()}, std::chrono::seconds(30));
    }
    CommandResult report_on(const std::string& db) { return run_command({PG_REPORT_BIN, "--db", db, "devices"}); }
    static void scribble(const std::string& file, std::size_t offset, std::size_t n) {
        std::mt19937 rng(7);
        std::vector<std::uint8_t> junk(n);
        for (auto& b : junk) b = static_cast<std::uint8_t>(rng());
        write_bytes(file, offset, junk);
    }
    // Both refuse it, name the file and what is wrong, and leave it as it was.
    void expect_refused(const std::string& db, const std::string& says, bool report_refuses = true) {
        const auto before = std::hash<std::string>{}(read_file(db));
        auto hub = hub_on(db);
        EXPECT_EQ(hub.exit_code, 1) << hub.err;
        EXPECT_NE(hub.err.find(db), std::string::npos) << hub.err;
        EXPECT_NE(hub.err.find(says), std::string::npos) << hub.err;
        auto report = report_on(db);
        if (report_refuses) {
            EXPECT_EQ(report.exit_code, 1) << report.out;
            EXPECT_NE(report.err.find(says), std::string::npos) << report.err;
        }
        EXPECT_EQ(std::hash<std::string>{}(read_file(db)), before) << db << " was written to";
    }
};

}  // namespace

TEST_F(CorruptDb, TornTruncatedAndForeignFilesAreRefusedAndSalvageOrRestoreWorks) {
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    auto first = run_edge("f6-first", "sim:quick", "1s");
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const long long produced_first = summary("f6-first")["samples"];
    ASSERT_EQ(wait_stored("f6-first", produced_first, std::chrono::seconds(60)), produced_first);
    const std::string backup = tmp_.path + "/backup.db";
    auto b = run_command({PG_HUB_BIN, "backup", "--db", db_, "--to", backup});  // while the hub runs
    ASSERT_EQ(b.exit_code, 0) << b.err;
    auto second = run_edge("f6-second", "sim:quick", "1s");
    ASSERT_EQ(second.exit_code, 0) << second.err;
    const long long produced_second = summary("f6-second")["samples"];
    ASSERT_EQ(wait_stored("f6-second", produced_second, std::chrono::seconds(60)), produced_second);
    ASSERT_EQ(stop_hub(), 0);
    const long long page = std::stoll(sql(db_, "PRAGMA page_size"));

    // A torn page among the raw samples: the hub refuses; the report reads only
    // marts, which are whole, and still shows them.
    const std::string torn = tmp_.path + "/torn.db";
    std::filesystem::copy_file(db_, torn);
    const long long leaf = std::stoll(sql(
        db_, "SELECT pageno FROM dbstat WHERE name = 'sample_blocks' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1"));
    scribble(torn, static_cast<std::size_t>((leaf - 1) * page + page / 2), static_cast<std::size_t>(page / 2));
    expect_refused(torn, "is damaged", false);
    EXPECT_EQ(report_on(torn).exit_code, 0);
    // A torn page of the marts: both refuse.
    const std::string torn_marts = tmp_.path + "/torn-marts.db";
    std::filesystem::copy_file(db_, torn_marts);
    const long long mart = std::stoll(sql(db_, "SELECT rootpage FROM sqlite_schema WHERE name = 'daily_mart'"));
    scribble(torn_marts, static_cast<std::size_t>((mart - 1) * page + 8), static_cast<std::size_t>(page - 8));
    expect_refused(torn_marts, "is damaged");
    // Cut short, as a copy to a full disk would leave it.
    const std::string cut = tmp_.path + "/cut.db";
    std::filesystem::copy_file(db_, cut);
    std::filesystem::resize_file(cut, std::filesystem::file_size(cut) / 2);
    expect_refused(cut, "is damaged");
    // Someone else's file under its name.
    const std::string noise = tmp_.path + "/noise.db";
    std::filesystem::copy_file(db_, noise);
    scribble(noise, 0, static_cast<std::size_t>(std::filesystem::file_size(noise)));
    expect_refused(noise, "is not an SQLite database");
    const std::string other = tmp_.path + "/other.db";
    ASSERT_EQ(run_command({"sqlite3", other, "CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('mine')"}).exit_code, 0);
    expect_refused(other, "is not a Posture Guard database");

    // Salvage: every readable row into a new file, the loss counted.
    const std::string salvaged = tmp_.path + "/salvaged.db";
    auto s = run_command({PG_HUB_BIN, "salvage", "--db", torn, "--to", salvaged});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    long long lost = 0;
    for (const char* dev : {"f6-first", "f6-second"}) {
        const std::string line = "device " + std::string(dev) + ": ";
        if (const auto at = s.out.find(line); at != std::string::npos) lost += std::stoll(s.out.substr(at + line.size()));
    }
    EXPECT_GT(lost, 0) << s.out;
    EXPECT_NE(s.out.find("sample_blocks"), std::string::npos) << s.out;
    EXPECT_EQ(sql(salvaged, "PRAGMA quick_check"), "ok");
    // produced = stored + reported lost
    EXPECT_EQ(std::stoll(sql(salvaged, "SELECT sum(n) FROM sample_blocks")) + lost, produced_first + produced_second);
    // The rollups were whole: the marts rebuilt from them lose nothing.
    EXPECT_EQ(sql(salvaged, "SELECT sum(monitored_ms), sum(good_ms) FROM daily_mart"),
              sql(db_, "SELECT sum(monitored_ms), sum(good_ms) FROM daily_mart"));
    // The hub runs on it and goes on storing.
    db_ = salvaged;
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    auto third = run_edge("f6-third", "sim:quick", "1s");
    ASSERT_EQ(third.exit_code, 0) << third.err;
    const long long produced_third = summary("f6-third")["samples"];
    EXPECT_EQ(wait_stored("f6-third", produced_third, std::chrono::seconds(60)), produced_third);
    ASSERT_EQ(stop_hub(), 0);

    // Restore: the backup in place of the file cut short.
    std::filesystem::copy_file(backup, cut, std::filesystem::copy_options::overwrite_existing);
    db_ = cut;
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    EXPECT_EQ(counter("f6-first", "samples"), produced_first);
    EXPECT_EQ(counter("f6-second", "samples"), 0);  // arrived after the backup: what a restore gives up
    EXPECT_EQ(counter("f6-first", "dead_letters"), 0);
}
