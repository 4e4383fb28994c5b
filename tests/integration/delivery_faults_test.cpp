// Nothing lost, nothing counted twice: each test breaks one part of the path
// while data flows, then checks that the samples the edge produced are exactly
// the samples the hub stored, and that no dead letters appeared.
#include "system_fixture.hpp"

using namespace pg::test;

namespace {

class DeliveryFaults : public SystemFixture {
protected:
    std::unique_ptr<ChildProcess> start_edge(const std::string& device, const std::string& source,
                                             const std::string& cadence) {
        return std::make_unique<ChildProcess>(
            std::vector<std::string>{PG_EDGE_BIN, "--source", source, "--cadence", cadence, "--speed", "max",
                                     "--broker", broker_->address(), "--device", device, "--state-dir",
                                     tmp_.path + "/state-" + device, "--summary", summary_path(device)},
            tmp_.path + "/edge-" + device + ".log");
    }
    long long stored(const std::string& device) {
        auto row = device_row(device);
        return row.is_null() ? 0 : row.value("samples", 0LL);
    }
    bool wait_until_stored_at_least(const std::string& device, long long n) {
        for (int i = 0; i < 600; ++i) {
            if (stored(device) >= n) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    void expect_clean(const std::string& device) {
        auto row = device_row(device);
        ASSERT_FALSE(row.is_null());
        EXPECT_EQ(row["dead_letters"], 0);
        EXPECT_EQ(row["dropped_samples"], 0);
    }
};

constexpr const char* kLongRun = "sim:quick";  // ten minutes of every state
constexpr const char* kLongCadence = "200ms";  // about 3,000 analysed frames

}  // namespace

TEST_F(DeliveryFaults, BrokerRestartedMidStream) {
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    auto edge = start_edge("f-broker", kLongRun, kLongCadence);
    ASSERT_TRUE(wait_until_stored_at_least("f-broker", 100));
    broker_->stop();  // a clean restart: mosquitto saves sessions and queues
    std::this_thread::sleep_for(std::chrono::seconds(2));
    broker_->start();
    ASSERT_EQ(edge->wait(std::chrono::seconds(240)), 0);
    long long produced = summary("f-broker")["samples"];
    EXPECT_EQ(wait_stored("f-broker", produced, std::chrono::seconds(60)), produced);
    expect_clean("f-broker");
}

TEST_F(DeliveryFaults, BrokerRestartedWhileHubDown) {
    // The hub's subscription must outlive a broker restart while the hub is
    // away (a shared subscription does not on mosquitto 2.0.11): everything the
    // edge publishes afterwards waits in the hub's session.
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    ASSERT_EQ(stop_hub(), 0);
    broker_->stop();
    broker_->start();
    auto edge = start_edge("f-restart", "sim:quick", "5s");
    ASSERT_EQ(edge->wait(std::chrono::seconds(120)), 0);
    long long produced = summary("f-restart")["samples"];
    ASSERT_GT(produced, 50);
    start_hub();
    EXPECT_EQ(wait_stored("f-restart", produced, std::chrono::seconds(60)), produced);
    EXPECT_EQ(device_row("f-restart")["seq_gaps"], 0);
    expect_clean("f-restart");
}

TEST_F(DeliveryFaults, HubWhoseDatabaseFailsAcknowledgesNothing) {
    // A store error that is not "busy" stops the hub with the error, and the
    // batch it failed on is never acknowledged: after the repair it arrives.
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    auto first = run_edge("f-db-1", "sim:quick", "30s");
    ASSERT_EQ(first.exit_code, 0) << first.err;
    const long long first_samples = summary("f-db-1")["samples"];
    ASSERT_EQ(wait_stored("f-db-1", first_samples, std::chrono::seconds(60)), first_samples);
    ASSERT_EQ(run_command({"sqlite3", db_, "ALTER TABLE sample_blocks RENAME TO sample_blocks_away"}).exit_code, 0);
    auto second = run_edge("f-db-2", "sim:quick", "30s");
    ASSERT_EQ(second.exit_code, 0) << second.err;
    const long long second_samples = summary("f-db-2")["samples"];
    ASSERT_GT(second_samples, 0);
    const auto rc = hub_->wait(std::chrono::seconds(30));
    ASSERT_TRUE(rc.has_value()) << "the hub kept running on a broken database";
    EXPECT_EQ(*rc, 1);
    hub_.reset();
    EXPECT_NE(read_file(tmp_.path + "/hub.log").find("sample_blocks"), std::string::npos)
        << "the error does not name what failed: " << read_file(tmp_.path + "/hub.log");
    ASSERT_EQ(run_command({"sqlite3", db_, "ALTER TABLE sample_blocks_away RENAME TO sample_blocks"}).exit_code, 0);
    start_hub();
    EXPECT_EQ(wait_stored("f-db-2", second_samples, std::chrono::seconds(60)), second_samples);
    EXPECT_EQ(wait_stored("f-db-1", first_samples, std::chrono::seconds(5)), first_samples);
    expect_clean("f-db-2");
}

TEST_F(DeliveryFaults, BrokerDownWhenTheEdgeStarts) {
    broker_->stop();
    auto edge = start_edge("f-late", "sim:quick", "2s");
    std::this_thread::sleep_for(std::chrono::seconds(2));
    EXPECT_TRUE(edge->running());  // waiting for a broker, holding its batches on disk
    broker_->start();
    start_hub();
    ASSERT_EQ(edge->wait(std::chrono::seconds(120)), 0);
    long long produced = summary("f-late")["samples"];
    ASSERT_GT(produced, 100);
    EXPECT_EQ(wait_stored("f-late", produced, std::chrono::seconds(60)), produced);
    expect_clean("f-late");
}

TEST_F(DeliveryFaults, EdgeKilledAndRestarted) {
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    // The same scenario uninterrupted says how many samples there are.
    auto reference = run_edge("f-reference", kLongRun, kLongCadence);
    ASSERT_EQ(reference.exit_code, 0) << reference.err;
    long long expected = summary("f-reference")["samples"];

    auto edge = start_edge("f-killed", kLongRun, kLongCadence);
    ASSERT_TRUE(wait_until_stored_at_least("f-killed", 200));
    edge->signal(SIGKILL);
    edge->wait(std::chrono::seconds(10));
    long long before_restart = stored("f-killed");
    ASSERT_LT(before_restart, expected);
    // Same state directory: the outbox re-sends what was not acknowledged and the
    // timeline resumes after the last tick that reached the outbox.
    auto again = run_edge("f-killed", kLongRun, kLongCadence);
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(wait_stored("f-killed", expected, std::chrono::seconds(60)), expected);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(stored("f-killed"), expected);  // and not one more
    expect_clean("f-killed");
}

TEST_F(DeliveryFaults, HubKilledAndRestarted) {
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    auto edge = start_edge("f-hub", kLongRun, kLongCadence);
    ASSERT_TRUE(wait_until_stored_at_least("f-hub", 100));
    hub_->signal(SIGKILL);
    hub_->wait(std::chrono::seconds(10));
    hub_.reset();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    start_hub();  // the broker kept the persistent session's messages meanwhile
    ASSERT_EQ(edge->wait(std::chrono::seconds(240)), 0);
    long long produced = summary("f-hub")["samples"];
    EXPECT_EQ(wait_stored("f-hub", produced, std::chrono::seconds(60)), produced);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(stored("f-hub"), produced);
    expect_clean("f-hub");
}
