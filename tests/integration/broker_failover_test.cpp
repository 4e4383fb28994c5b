// Several independent brokers in mqtt.broker: the edge moves to the next when
// the one it uses is killed, is down at start or never answers, and its outbox
// makes the move lossless. Each broker has a subscriber with a persistent
// session (as every broker of such a list needs: mosquittos do not share
// queues); the union of what they received, deduplicated by (stream, seq),
// must be every batch the edge produced, without a gap.
#include "fault_fixture.hpp"
#include "pg/batch_codec.hpp"
#include "pg/clock.hpp"
#include "pg/mqtt_client.hpp"

#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

using namespace pg::test;
using namespace std::chrono_literals;

namespace {

// A subscriber on one broker: every batch it got (by stream and seq, with its
// samples) and the `broker` field of every stats message.
class BatchTap {
public:
    BatchTap(const std::string& broker, const std::string& client_id) {
        pg::MqttOptions o;
        o.brokers = {*pg::parse_broker(broker)};
        o.client_id = client_id;
        o.clean_session = false;  // what a broker holds for us survives our absence and its restart
        o.reconnect_max_s = 1;    // back as soon as the broker is
        pg::MqttCallbacks cb;
        cb.on_connect = [this](bool ok, std::string_view) {
            if (!ok) return;
            client_->subscribe("postureguard/+/batch", 1);
            client_->subscribe("postureguard/+/stats", 1);
        };
        cb.on_subscribe = [this](int) { ++subscribed_; };
        cb.on_message = [this](const pg::MqttMessage& m) { take(m); };
        client_ = std::make_unique<pg::MqttClient>(o, cb);
        client_->start();
    }
    bool wait_subscribed() { return wait_until([&] { return subscribed_ >= 2; }, 10s); }
    bool connected() const { return client_->connected(); }

    std::size_t batches() {
        std::lock_guard lock(mutex_);
        return received_;
    }
    std::map<std::pair<std::uint32_t, std::uint64_t>, std::size_t> samples_by_key() {
        std::lock_guard lock(mutex_);
        return samples_;
    }
    // Batches whose first sample is older than `t_ms` (the sim runs in real time).
    std::size_t batches_begun_before(std::int64_t t_ms) {
        std::lock_guard lock(mutex_);
        std::size_t n = 0;
        for (const auto& [key, first] : first_ms_) n += first < t_ms;
        return n;
    }
    std::set<std::string> brokers_named() {
        std::lock_guard lock(mutex_);
        return named_;
    }
    int undecodable() const { return undecodable_; }

    template <typename F>
    static bool wait_until(F done, std::chrono::milliseconds limit) {
        const auto end = std::chrono::steady_clock::now() + limit;
        while (!done()) {
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(10ms);
        }
        return true;
    }

private:
    void take(const pg::MqttMessage& m) {
        std::lock_guard lock(mutex_);
        if (m.topic.ends_with("/stats")) {
            auto j = nlohmann::json::parse(m.payload.begin(), m.payload.end(), nullptr, false);
            if (j.is_object() && j.contains("broker"))
                named_.insert(j["broker"].is_string() ? j["broker"].get<std::string>() : "null");
            return;
        }
        auto r = pg::decode_batch(m.payload);
        const auto* b = std::get_if<pg::Batch>(&r);
        if (!b) {
            ++undecodable_;
            return;
        }
        ++received_;
        samples_[{b->stream, b->seq}] = b->samples.size();
        if (!b->samples.empty()) first_ms_[{b->stream, b->seq}] = b->samples.front().t_ms;
    }

    std::mutex mutex_;
    std::size_t received_ = 0;  // with redeliveries
    std::map<std::pair<std::uint32_t, std::uint64_t>, std::size_t> samples_;
    std::map<std::pair<std::uint32_t, std::uint64_t>, std::int64_t> first_ms_;
    std::set<std::string> named_;
    std::atomic<int> undecodable_{0};
    std::atomic<int> subscribed_{0};
    std::unique_ptr<pg::MqttClient> client_;
};

class BrokerFailover : public FaultFixture {
protected:
    void SetUp() override {
        FaultFixture::SetUp();
        if (IsSkipped()) return;
        second_ = std::make_unique<Broker>(tmp_.path + "/broker-b");
    }
    void TearDown() override {
        second_.reset();
        FaultFixture::TearDown();
    }
    // keepalive 5 s (the least libmosquitto takes), batches every 500 ms, stats every second.
    std::string config(const std::string& name) {
        const std::string conf = tmp_.path + "/" + name + ".toml";
        std::ofstream(conf) << "[device]\nclock_check = false\n"
                            << "[mqtt]\nkeepalive = \"5s\"\nbatch_interval = \"500ms\"\nstats_interval = \"1s\"\n";
        return conf;
    }
    // Counts occurrences of `text` in the edge's log.
    int in_log(const std::string& device, const std::string& text) {
        const std::string log = read_file(edge_log(device));
        int n = 0;
        for (auto at = log.find(text); at != std::string::npos; at = log.find(text, at + 1)) ++n;
        return n;
    }
    // What the taps received together, deduplicated, against what the edge says it produced.
    void expect_union_is_everything(const std::string& device, std::vector<BatchTap*> taps) {
        const auto s = summary(device);
        const std::size_t batches = s["batches"], samples = s["samples"];
        EXPECT_EQ(s["acked_batches"], s["batches"]) << s.dump();
        EXPECT_EQ(s["outbox_depth"], 0) << s.dump();
        EXPECT_EQ(s["dropped_samples"], 0) << s.dump();
        std::map<std::pair<std::uint32_t, std::uint64_t>, std::size_t> all;
        auto collect = [&] {
            all.clear();
            for (auto* t : taps)
                for (const auto& [key, n] : t->samples_by_key()) all[key] = n;
            return all.size() >= batches;
        };
        EXPECT_TRUE(BatchTap::wait_until(collect, 30s)) << all.size() << " of " << batches << " batches arrived";
        ASSERT_FALSE(all.empty());
        std::size_t got_samples = 0, twice = 0;
        for (const auto& [key, n] : all) got_samples += n;
        for (auto* t : taps) {
            EXPECT_EQ(t->undecodable(), 0);
            twice += t->batches();
        }
        twice -= all.size();
        EXPECT_EQ(all.begin()->first.first, all.rbegin()->first.first) << "more than one stream";
        const std::uint64_t first = all.begin()->first.second, last = all.rbegin()->first.second;
        EXPECT_EQ(last - first + 1, all.size()) << "a gap in the sequence " << first << ".." << last;
        EXPECT_EQ(all.size(), batches);
        EXPECT_EQ(got_samples, samples);
        std::cout << "[ failover ] " << device << ": " << batches << " batches, " << samples
                  << " samples produced; received " << all.size() << " distinct batches (seq " << first << ".."
                  << last << "), " << twice << " of them more than once\n";
    }
    std::string list() const { return broker_->address() + "," + second_->address(); }

    std::unique_ptr<Broker> second_;  // B; broker_ is A
};

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_F(BrokerFailover, KilledBrokerMovesTheLiveEdgeToTheNextAndBackWithoutLoss) {
    const std::string dev = "fo-live";
    BatchTap tap_a(broker_->address(), "failover-tap-a"), tap_b(second_->address(), "failover-tap-b");
    ASSERT_TRUE(tap_a.wait_subscribed());
    ASSERT_TRUE(tap_b.wait_subscribed());
    // A live edge: the simulated desk in real time, a frame every 50 ms.
    auto edge = std::make_unique<ChildProcess>(
        std::vector<std::string>{PG_EDGE_BIN, "--config", config(dev), "--source", "sim:quick", "--cadence", "50ms",
                                 "--speed", "real", "--broker", list(), "--device", dev, "--state-dir",
                                 state_dir(dev), "--summary", summary_path(dev)},
        edge_log(dev));
    ASSERT_TRUE(BatchTap::wait_until([&] { return tap_a.batches() >= 6; }, 60s)) << read_file(edge_log(dev));
    EXPECT_EQ(in_log(dev, "connected to " + broker_->address() + " (1 of 2 brokers)"), 1);
    EXPECT_EQ(tap_b.batches(), 0u);

    // A hangs for 2.5 s (less than the keepalive: the edge goes on sending
    // to it, nothing is acknowledged), then dies. The batches it swallowed
    // unacknowledged must reach B; the edge is on B at once.
    broker_->pause();
    std::this_thread::sleep_for(2500ms);
    const std::int64_t kill_ms = pg::SystemClock().now_ms() - 500;  // less one batch interval: begun before
    auto killed = std::chrono::steady_clock::now();
    broker_->kill9();
    ASSERT_TRUE(wait_for_log(edge_log(dev), "connected to " + second_->address() + " (2 of 2 brokers)", 12s))
        << read_file(edge_log(dev));
    const double to_b = seconds_since(killed);
    ASSERT_TRUE(BatchTap::wait_until([&] { return tap_b.batches() >= 6; }, 30s)) << read_file(edge_log(dev));
    const std::size_t moved = tap_b.batches_begun_before(kill_ms);
    EXPECT_GE(moved, 2u) << "the batches A never acknowledged did not reach B";
    // A few seconds of live stream on B before it is B's turn to die.
    ASSERT_TRUE(BatchTap::wait_until([&] { return tap_b.batches() >= moved + 6; }, 30s)) << read_file(edge_log(dev));
    ASSERT_TRUE(BatchTap::wait_until([&] { return tap_b.brokers_named().count(second_->address()) > 0; }, 10s));

    // A comes back (its subscriber's session with it); B dies: the edge returns to A.
    broker_->start();
    ASSERT_TRUE(BatchTap::wait_until([&] { return tap_a.connected(); }, 20s));
    const std::size_t a_before = tap_a.batches();
    killed = std::chrono::steady_clock::now();
    second_->kill9();
    ASSERT_TRUE(BatchTap::wait_until(
        [&] { return in_log(dev, "connected to " + broker_->address() + " (1 of 2 brokers)") == 2; }, 12s))
        << read_file(edge_log(dev));
    const double to_a = seconds_since(killed);
    ASSERT_TRUE(BatchTap::wait_until([&] { return tap_a.batches() >= a_before + 6; }, 30s)) << read_file(edge_log(dev));
    ASSERT_TRUE(BatchTap::wait_until([&] { return tap_a.brokers_named().count(broker_->address()) > 0; }, 10s));
    EXPECT_EQ(tap_a.brokers_named().count(second_->address()), 0u);  // each stats message names its own broker
    EXPECT_EQ(tap_b.brokers_named().count(broker_->address()), 0u);

    edge->signal(SIGTERM);
    ASSERT_EQ(edge->wait(30s), 0) << read_file(edge_log(dev));
    // What the edge said about its connections, for whoever reads the test's output.
    std::istringstream log(read_file(edge_log(dev)));
    for (std::string line; std::getline(log, line);)
        if (line.find("[mqtt]") != std::string::npos) std::cout << "[ edge log ] " << line << "\n";
    std::cout << "[ failover ] A hung, then killed -> connected to B after " << to_b << " s, " << moved
              << " batches A never acknowledged delivered by B; B killed -> back on A after " << to_a << " s\n";
    expect_union_is_everything(dev, {&tap_a, &tap_b});
}

TEST_F(BrokerFailover, FirstBrokerDownAtStartStartsOnTheSecond) {
    const std::string dev = "fo-first-down";
    broker_->stop();  // A's port: nothing listens
    BatchTap tap_b(second_->address(), "failover-tap-b");
    ASSERT_TRUE(tap_b.wait_subscribed());
    auto edge = start_edge(dev, "sim:quick", "1s", list(), {"--config", config(dev)});
    ASSERT_EQ(edge->wait(120s), 0) << read_file(edge_log(dev));
    EXPECT_EQ(in_log(dev, "connected to " + second_->address() + " (2 of 2 brokers)"), 1) << read_file(edge_log(dev));
    EXPECT_EQ(in_log(dev, "connected to " + broker_->address()), 0);
    EXPECT_EQ(summary(dev)["samples"], 600);
    expect_union_is_everything(dev, {&tap_b});
}

TEST_F(BrokerFailover, FirstBrokerThatNeverAnswersTimesOutAndTheSecondTakesOver) {
    const std::string dev = "fo-first-hung";
    broker_->pause();  // the kernel still accepts connections; no CONNACK ever comes
    BatchTap tap_b(second_->address(), "failover-tap-b");
    ASSERT_TRUE(tap_b.wait_subscribed());
    const auto started = std::chrono::steady_clock::now();
    auto edge = start_edge(dev, "sim:quick", "1s", list(), {"--config", config(dev)});
    ASSERT_TRUE(wait_for_log(edge_log(dev), "connected to " + second_->address() + " (2 of 2 brokers)", 20s))
        << read_file(edge_log(dev));
    std::cout << "[ failover ] hung first broker: on the second after " << seconds_since(started) << " s\n";
    EXPECT_EQ(in_log(dev, "connection to " + broker_->address() + " failed (no answer within the keepalive)"), 1)
        << read_file(edge_log(dev));
    ASSERT_EQ(edge->wait(120s), 0) << read_file(edge_log(dev));
    broker_->resume();
    expect_union_is_everything(dev, {&tap_b});
}

// TLS settings hold for every broker of the list, each checked against its
// own certificate: the first presents one from a CA the device does not trust
// and is refused; the second, signed by the device's CA, takes everything.
TEST_F(BrokerFailover, TlsAppliesToEveryBrokerAndAnUntrustedOneIsSkipped) {
    if (!std::filesystem::exists("/usr/bin/openssl")) GTEST_SKIP() << "openssl is not installed";
    const std::string dev = "fo-tls";
    const std::string script = std::string(PG_SOURCE_DIR) + "/scripts/broker/make-test-ca.sh";
    ASSERT_EQ(run_command({script, tmp_.path + "/ca-trusted"}).exit_code, 0);
    ASSERT_EQ(run_command({script, tmp_.path + "/ca-foreign"}).exit_code, 0);
    // A plain listener for the test's subscriber, then the devices' TLS listener.
    auto tls_broker = [&](const std::string& name, const std::string& ca) {
        const std::string dir = tmp_.path + "/" + name;
        return Broker::with_config(dir, 2, [dir, ca](const std::vector<int>& ports) {
            std::ostringstream f;
            f << "per_listener_settings false\nallow_anonymous true\n"
              << "persistence true\npersistence_location " << dir << "/\nautosave_interval 1\n"
              << "max_queued_messages 1000000\nlog_dest file " << dir << "/mosquitto.log\n"
              << "log_type error\nlog_type warning\nlog_type notice\n"
              << "listener " << ports[0] << " 127.0.0.1\n"
              << "listener " << ports[1] << " 127.0.0.1\ncafile " << ca << "/ca.crt\ncertfile " << ca
              << "/broker.crt\nkeyfile " << ca << "/broker.key\n";
            return f.str();
        });
    };
    auto untrusted = tls_broker("tls-a", tmp_.path + "/ca-foreign");
    auto trusted = tls_broker("tls-b", tmp_.path + "/ca-trusted");
    BatchTap tap_a("127.0.0.1:" + std::to_string(untrusted->ports()[0]), "failover-tap-tls-a");
    BatchTap tap_b("127.0.0.1:" + std::to_string(trusted->ports()[0]), "failover-tap-tls-b");
    ASSERT_TRUE(tap_a.wait_subscribed());
    ASSERT_TRUE(tap_b.wait_subscribed());
    const std::string a = "localhost:" + std::to_string(untrusted->ports()[1]);
    const std::string b = "127.0.0.1:" + std::to_string(trusted->ports()[1]);
    const std::string conf = config(dev);
    std::ofstream(conf, std::ios::app) << "cafile = \"" << tmp_.path << "/ca-trusted/ca.crt\"\n";
    auto edge = start_edge(dev, "sim:quick", "1s", a + "," + b, {"--config", conf});
    ASSERT_EQ(edge->wait(120s), 0) << read_file(edge_log(dev));
    EXPECT_EQ(in_log(dev, "connected to " + b + " (2 of 2 brokers)"), 1) << read_file(edge_log(dev));
    EXPECT_EQ(in_log(dev, "connected to " + a), 0) << read_file(edge_log(dev));
    EXPECT_EQ(tap_a.batches(), 0u);
    expect_union_is_everything(dev, {&tap_b});
}

// pg-hub reads the same list: with the first broker down it subscribes on the
// second and stores everything an edge sends there.
TEST_F(BrokerFailover, HubStartsOnTheSecondBrokerWhenTheFirstIsDown) {
    const std::string dev = "fo-hub";
    broker_->stop();
    hub_ = std::make_unique<ChildProcess>(std::vector<std::string>{PG_HUB_BIN, "--db", db_, "--broker", list()},
                                          tmp_.path + "/hub.log");
    ASSERT_TRUE(wait_for_hub_subscription()) << read_file(tmp_.path + "/hub.log");
    EXPECT_NE(read_file(tmp_.path + "/hub.log").find("connected to " + second_->address() + " (2 of 2 brokers)"),
              std::string::npos)
        << read_file(tmp_.path + "/hub.log");
    auto edge = start_edge(dev, "sim:quick", "1s", second_->address());
    ASSERT_EQ(edge->wait(120s), 0) << read_file(edge_log(dev));
    const long long produced = summary(dev)["samples"];
    EXPECT_EQ(wait_stored(dev, produced, 60s), produced);
    EXPECT_EQ(counter(dev, "seq_gaps"), 0);
}

// drop_connection() is how the hub refuses to acknowledge a message it could
// not store: the broker that holds the message must get the client back, not
// the next one of the list.
TEST_F(BrokerFailover, ADeliberateDropReconnectsToTheSameBroker) {
    pg::MqttOptions o;
    o.brokers = {*pg::parse_broker(broker_->address()), *pg::parse_broker(second_->address())};
    o.client_id = "failover-drop";
    std::atomic<int> connects{0};
    pg::MqttCallbacks cb;
    cb.on_connect = [&](bool ok, std::string_view) { connects += ok; };
    pg::MqttClient client(o, cb);
    client.start();
    ASSERT_TRUE(BatchTap::wait_until([&] { return connects == 1; }, 10s));
    ASSERT_TRUE(client.connected_broker());
    EXPECT_EQ(pg::to_string(*client.connected_broker()), broker_->address());
    client.drop_connection();
    ASSERT_TRUE(BatchTap::wait_until([&] { return connects == 2; }, 10s));
    ASSERT_TRUE(client.connected_broker());
    EXPECT_EQ(pg::to_string(*client.connected_broker()), broker_->address());
    // A broker that goes away is another matter: the next one, at once.
    broker_->kill9();
    ASSERT_TRUE(BatchTap::wait_until([&] { return connects == 3; }, 10s));
    EXPECT_EQ(pg::to_string(*client.connected_broker()), second_->address());
    client.stop();
}
