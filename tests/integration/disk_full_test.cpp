// Faults 2 and 3: a full disk under the edge's outbox and under the hub's
// database, each a real small tmpfs, so every write fails with ENOSPC where a
// full SD card would fail it.
#include "fault_fixture.hpp"
#include "small_disk.hpp"

#include <sqlite3.h>

using namespace pg::test;

namespace {

class DiskFull : public FaultFixture {
protected:
    long long sql_int(const std::string& db, const std::string& sql) {
        auto r = run_command({"sqlite3", db, sql});
        return r.exit_code == 0 && !r.out.empty() ? std::stoll(r.out) : -1;
    }
};

}  // namespace

TEST_F(DiskFull, EdgeKeepsAnalysingDropsOldestFirstCountsAndRecoversWhenSpaceReturns) {
    const std::string dev = "f2-edge";
    SmallDisk disk(state_dir(dev) + "/outbox", 12 * 1024);  // three 4 KiB outbox segments
    if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << disk.error();
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    broker_->stop();  // unreachable: everything piles up in the outbox
    const std::string conf = tmp_.path + "/f2.toml";
    std::ofstream(conf) << "[outbox]\nsegment_kb = 4\n";
    // Three days: the disk fills during the first two, and the days after it must still alert.
    auto edge = start_edge(dev, "sim:quick,days=3", "1s", broker_->address(), {"--config", conf});
    ASSERT_TRUE(wait_for_log(edge_log(dev), "disk full", std::chrono::seconds(120))) << read_file(edge_log(dev));
    // Someone frees space: the outbox grows again by itself.
    ASSERT_TRUE(disk.resize(1 << 20));
    const auto resized_at = read_file(edge_log(dev)).size();
    ASSERT_TRUE(wait_for_log(edge_log(dev), "source ended", std::chrono::seconds(120)));
    broker_->start();
    ASSERT_EQ(edge->wait(std::chrono::seconds(120)), 0) << read_file(edge_log(dev));

    const std::string log = read_file(edge_log(dev));
    EXPECT_EQ(log.find("disk full", resized_at), std::string::npos) << "still dropping after space returned";
    EXPECT_EQ(log.find("cannot be stored"), std::string::npos) << "the newest batch was lost, not the oldest";
    // It went on analysing and alerting while the disk was full.
    const auto full_at = log.find("disk full");
    EXPECT_NE(log.find("[alert] alert", full_at), std::string::npos) << log;
    const auto s = summary(dev);
    const long long samples = s["samples"], dropped = s["dropped_samples"];
    EXPECT_EQ(s["frames"], 1800);
    EXPECT_EQ(samples, 1800);
    EXPECT_GT(dropped, 0);
    EXPECT_LT(dropped, samples / 2);
    // produced = stored + reported lost, and the lost ones are the oldest.
    EXPECT_EQ(wait_accounted(dev, samples, std::chrono::seconds(60)), samples);
    EXPECT_EQ(counter(dev, "samples"), samples - dropped);
    EXPECT_EQ(counter(dev, "dropped_samples"), dropped);
    EXPECT_GT(sql_int(db_, "SELECT min(seq) FROM batches JOIN devices d ON d.id = device_id WHERE d.name = '" + dev + "'"),
              1);
    EXPECT_EQ(counter(dev, "dead_letters"), 0);
}

TEST_F(DiskFull, HubAcknowledgesNothingItCouldNotStoreAndAfterwardsStoresEverythingOnce) {
    SmallDisk disk(tmp_.path + "/hubdisk", 512 * 1024);
    if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << disk.error();
    db_ = disk.dir().string() + "/hub.db";
    const std::string hub_log = tmp_.path + "/hub.log";
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    // The card fills up while a device reports.
    auto first = run_edge("f3-first", "sim:quick", "1s");
    ASSERT_EQ(first.exit_code, 0) << first.err;  // the broker took every batch
    const long long produced_first = summary("f3-first")["samples"];
    auto rc = hub_->wait(std::chrono::seconds(60));
    ASSERT_TRUE(rc.has_value()) << "the hub kept running on a full disk: " << read_file(hub_log);
    EXPECT_EQ(*rc, 1);
    hub_.reset();
    EXPECT_NE(read_file(hub_log).find("disk is full"), std::string::npos) << read_file(hub_log);
    const long long stored_when_full = counter("f3-first", "samples");
    EXPECT_LT(stored_when_full, produced_first);  // the disk really ran out

    // Space is freed: the broker still held everything unacknowledged.
    ASSERT_TRUE(disk.resize(64 << 20));
    start_hub();
    EXPECT_EQ(wait_stored("f3-first", produced_first, std::chrono::seconds(60)), produced_first);
    ASSERT_EQ(stop_hub(), 0);

    // Full again, and this time the database moves to a bigger disk.
    {
        std::ofstream ballast(disk.dir() / "ballast", std::ios::binary);
        const std::vector<char> block(64 * 1024, 'x');
        while (std::filesystem::space(disk.dir()).available > 256 * 1024)
            ballast.write(block.data(), static_cast<std::streamsize>(block.size())).flush();
    }
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    auto second = run_edge("f3-second", "sim:quick", "1s");
    ASSERT_EQ(second.exit_code, 0) << second.err;
    const long long produced_second = summary("f3-second")["samples"];
    rc = hub_->wait(std::chrono::seconds(60));
    ASSERT_TRUE(rc.has_value()) << read_file(hub_log);
    EXPECT_EQ(*rc, 1);
    hub_.reset();
    const std::string moved = tmp_.path + "/moved";
    std::filesystem::create_directories(moved);
    // The database is its file and its write-ahead log: they move together.
    for (const char* suffix : {"", "-wal", "-shm"})
        if (std::filesystem::exists(db_ + suffix)) {
            std::filesystem::copy_file(db_ + suffix, moved + "/hub.db" + suffix);  // mv to another disk
            std::filesystem::remove(db_ + suffix);
        }
    db_ = moved + "/hub.db";
    start_hub();
    EXPECT_EQ(wait_stored("f3-second", produced_second, std::chrono::seconds(60)), produced_second);
    EXPECT_EQ(counter("f3-first", "samples"), produced_first);
    for (const char* dev : {"f3-first", "f3-second"}) {
        SCOPED_TRACE(dev);
        EXPECT_EQ(counter(dev, "dropped_samples"), 0);
        EXPECT_EQ(counter(dev, "seq_gaps"), 0);
        EXPECT_EQ(counter(dev, "dead_letters"), 0);
    }
}
