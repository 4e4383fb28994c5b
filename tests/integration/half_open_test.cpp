// Fault 5: a half-open network. The broker process is stopped (SIGSTOP) for
// longer than the edge's keepalive: its sockets stay open, nothing answers, as
// with a hung host or Wi-Fi that went quiet without closing anything. The edge
// notices within its keepalive, keeps every batch in its outbox, and delivers
// them all once the broker answers again.
#include "fault_fixture.hpp"

using namespace pg::test;

TEST_F(FaultFixture, HalfOpenBrokerIsNoticedWithinTheKeepaliveAndLosesNothing) {
    using std::chrono::seconds;
    const std::string dev = "f5-half-open";
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    const std::string conf = tmp_.path + "/f5.toml";
    std::ofstream(conf) << "[mqtt]\nkeepalive = \"5s\"\n";
    auto edge = start_edge(dev, "sim:quick", "1s", broker_->address(), {"--config", conf});
    for (int i = 0; i < 600 && counter(dev, "samples") < 60; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_GE(counter(dev, "samples"), 60);

    broker_->pause();
    const auto paused_at = read_file(edge_log(dev)).size();
    // One keepalive without a packet sends a ping, a second gives up on the link.
    const bool noticed = wait_for_log(edge_log(dev), "no answer within the keepalive", seconds(2 * 5 + 3));
    EXPECT_TRUE(noticed) << read_file(edge_log(dev)).substr(paused_at);
    EXPECT_TRUE(edge->running());
    std::this_thread::sleep_for(seconds(3));  // analysis goes on, into the outbox
    broker_->resume();

    ASSERT_EQ(edge->wait(seconds(120)), 0) << read_file(edge_log(dev));
    const long long produced = summary(dev)["samples"];
    EXPECT_EQ(produced, 600);
    EXPECT_EQ(wait_stored(dev, produced, seconds(60)), produced);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(counter(dev, "samples"), produced);  // and not one more
    EXPECT_EQ(counter(dev, "dropped_samples"), 0);
    EXPECT_EQ(counter(dev, "seq_gaps"), 0);
    EXPECT_EQ(counter(dev, "dead_letters"), 0);
}
