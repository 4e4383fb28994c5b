// Issue 4 over a real broker and the real pg-edge: MQTT commands (snooze stops
// alerts and is acknowledged, malformed ones are refused with a reason), and the
// buzzer ends off when pg-edge is stopped mid-buzz by SIGTERM, SIGINT or an
// exception. The fake indicator appends its timeline to a file (gpio.fake_file),
// so this process can read what the buzzer did after pg-edge is gone.
#include "system_fixture.hpp"

#include "pg/batch_codec.hpp"
#include "pg/mqtt_client.hpp"

#include <fstream>
#include <mutex>
#include <sstream>

using namespace pg::test;

namespace {

// A test-side MQTT client that records everything under one topic filter.
class Probe {
public:
    Probe(const std::string& broker, std::string filter) : filter_(std::move(filter)) {
        pg::MqttOptions o;
        o.brokers = {*pg::parse_broker(broker)};
        pg::MqttCallbacks cb;
        cb.on_connect = [this](bool ok, std::string_view) {
            if (ok) client_->subscribe(filter_, 1);
        };
        cb.on_subscribe = [this](int) { subscribed_ = true; };
        cb.on_message = [this](const pg::MqttMessage& m) {
            std::lock_guard lock(mutex_);
            messages_.push_back({std::string(m.topic), std::string(m.payload.begin(), m.payload.end())});
        };
        client_ = std::make_unique<pg::MqttClient>(o, cb);
        client_->start();
    }
    bool wait_subscribed() {
        return wait([&] { return subscribed_.load(); }, std::chrono::seconds(10));
    }
    void publish(const std::string& topic, const std::string& payload) { client_->publish(topic, payload, 1, false); }
    std::vector<std::pair<std::string, std::string>> messages() {
        std::lock_guard lock(mutex_);
        return messages_;
    }
    // Decoded batch events, in arrival order.
    std::vector<pg::Event> events() {
        std::vector<pg::Event> out;
        for (const auto& [topic, payload] : messages()) {
            if (!topic.ends_with("/batch")) continue;
            auto r = pg::decode_batch(std::span(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size()));
            if (auto* b = std::get_if<pg::Batch>(&r)) out.insert(out.end(), b->events.begin(), b->events.end());
        }
        return out;
    }
    // The command result with this id, or null.
    nlohmann::json result(const nlohmann::json& id) {
        for (const auto& [topic, payload] : messages()) {
            if (!topic.ends_with("/cmd/result")) continue;
            auto j = nlohmann::json::parse(payload, nullptr, false);
            if (j.is_object() && j.value("id", nlohmann::json()) == id) return j;
        }
        return nullptr;
    }
    template <typename F>
    static bool wait(F done, std::chrono::milliseconds limit) {
        auto end = std::chrono::steady_clock::now() + limit;
        while (!done()) {
            if (std::chrono::steady_clock::now() > end) return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return true;
    }

private:
    std::string filter_;
    std::atomic<bool> subscribed_{false};
    std::mutex mutex_;
    std::vector<std::pair<std::string, std::string>> messages_;
    std::unique_ptr<pg::MqttClient> client_;
};

int count(const std::vector<pg::Event>& events, pg::EventType type) {
    int n = 0;
    for (const auto& e : events) n += e.type == type;
    return n;
}

std::vector<std::string> fake_timeline(const std::string& file) {
    std::vector<std::string> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) out.push_back(line.substr(line.find(' ') + 1));
    return out;
}

// The buzzer was on when the exit path began, and that exit path switched it off:
// after the last "buzzer 1" comes no "buzzer 0" from the pattern, but "all_off",
// and the indicator was released last.
void expect_stopped_mid_buzz(const std::vector<std::string>& t) {
    ASSERT_FALSE(t.empty());
    EXPECT_EQ(t.back(), "release");
    std::size_t last_on = t.size();
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i] == "buzzer 1") last_on = i;
    ASSERT_LT(last_on, t.size()) << "the buzzer never went on";
    std::size_t off = last_on + 1;
    while (off < t.size() && t[off] != "buzzer 0" && t[off] != "all_off") ++off;
    ASSERT_LT(off, t.size());
    EXPECT_EQ(t[off], "all_off") << "the pattern had ended before pg-edge was stopped";
}

class AlertControl : public SystemFixture {
protected:
    std::unique_ptr<ChildProcess> start_edge(const std::string& device, std::vector<std::string> extra) {
        std::vector<std::string> argv{PG_EDGE_BIN, "--broker", broker_->address(), "--device", device,
                                      "--state-dir", tmp_.path + "/state-" + device};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return std::make_unique<ChildProcess>(argv, log_path(device));
    }
    std::string log_path(const std::string& device) const { return tmp_.path + "/" + device + ".log"; }
    std::string write_config(const std::string& name, const std::string& text) {
        std::string path = tmp_.path + "/" + name;
        std::ofstream(path) << text;
        return path;
    }

    // pg-edge in real time with the fake indicator; buzz_test is sent until
    // answered (the edge subscribes once connected), then we wait for the buzz.
    std::unique_ptr<ChildProcess> start_buzzing(const std::string& device, const std::string& fake_file,
                                                const std::string& extra_gpio = {}) {
        auto conf = write_config(device + ".toml", "[gpio]\nbackend = \"fake\"\nfake_file = \"" + fake_file +
                                                       "\"\n" + extra_gpio);
        Probe probe(broker_->address(), "postureguard/" + device + "/#");
        EXPECT_TRUE(probe.wait_subscribed());
        auto edge = start_edge(device, {"--config", conf, "--source", "sim:quick", "--cadence", "200ms"});
        const std::string cmd_topic = "postureguard/" + device + "/cmd";
        bool answered = Probe::wait(
            [&] {
                if (!probe.result("bz").is_null()) return true;
                probe.publish(cmd_topic, R"({"cmd":"buzz_test","id":"bz"})");
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                return !probe.result("bz").is_null();
            },
            std::chrono::seconds(30));
        EXPECT_TRUE(answered) << read_file(log_path(device));
        EXPECT_TRUE(Probe::wait([&] { return read_file(fake_file).find("buzzer 1") != std::string::npos; },
                                std::chrono::seconds(20)));
        return edge;
    }
};

}  // namespace

TEST_F(AlertControl, SnoozeCommandStopsAlertsAndIsAcknowledgedMalformedIsRefused) {
    const std::string dev = "it-snooze";
    Probe probe(broker_->address(), "postureguard/" + dev + "/#");
    ASSERT_TRUE(probe.wait_subscribed());
    // A simulated workday at full speed: it slouches, so it alerts.
    auto edge = start_edge(dev, {"--source", "sim:workday,days=1", "--cadence", "10s", "--speed", "max"});
    ASSERT_TRUE(Probe::wait([&] { return count(probe.events(), pg::EventType::alert) > 0; }, std::chrono::seconds(240)))
        << read_file(log_path(dev));

    const std::string cmd = "postureguard/" + dev + "/cmd";
    probe.publish(cmd, R"({"cmd":"snooze","minutes":120,"id":"s-1"})");
    probe.publish(cmd, R"({"cmd":"snooze","minutes":"ten","id":"bad-1"})");
    probe.publish(cmd, R"({"cmd":"self_destruct","id":"bad-2"})");
    probe.publish(cmd, "snooze please");
    ASSERT_TRUE(Probe::wait([&] { return !probe.result("bad-2").is_null(); }, std::chrono::seconds(30)));
    EXPECT_EQ(probe.result("s-1"), nlohmann::json::parse(R"({"id":"s-1","cmd":"snooze","ok":true})"));
    EXPECT_EQ(probe.result("bad-1"),
              nlohmann::json::parse(R"({"id":"bad-1","ok":false,"error":"\"minutes\" must be an integer"})"));
    EXPECT_EQ(probe.result("bad-2")["ok"], false);
    EXPECT_NE(probe.result("bad-2")["error"].get<std::string>().find("unknown command 'self_destruct'"),
              std::string::npos);
    bool saw_not_json = false;
    for (const auto& [topic, payload] : probe.messages())
        saw_not_json |= topic.ends_with("/cmd/result") && payload == R"({"ok":false,"error":"not valid JSON"})";
    EXPECT_TRUE(saw_not_json);

    auto rc = edge->wait(std::chrono::seconds(300));
    ASSERT_EQ(rc, 0) << read_file(log_path(dev));
    // Let the last batches arrive at the probe.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));

    auto events = probe.events();
    ASSERT_EQ(count(events, pg::EventType::snooze), 1) << "malformed commands must change nothing";
    std::int64_t snoozed_at = 0;
    for (const auto& e : events)
        if (e.type == pg::EventType::snooze) {
            snoozed_at = e.t_ms;
            EXPECT_EQ(e.value, 120);
        }
    const std::int64_t until = snoozed_at + 120 * 60000;
    int before = 0, during = 0, after = 0;
    for (const auto& e : events) {
        if (e.type != pg::EventType::alert) continue;
        (e.t_ms < snoozed_at ? before : e.t_ms < until ? during : after)++;
    }
    EXPECT_GT(before, 0);
    EXPECT_EQ(during, 0) << "an alert while snoozed";
    EXPECT_GT(after, 0) << "alerts come back when the snooze runs out";
    // The snooze ran out on its own (resume value 0), visible in the batch stream.
    bool expired = false;
    for (const auto& e : events) expired |= e.type == pg::EventType::resume && e.value == 0 && e.t_ms >= until;
    EXPECT_TRUE(expired);
    // The retained state announced the snooze.
    bool state_snoozed = false;
    for (const auto& [topic, payload] : probe.messages())
        if (topic.ends_with("/state")) state_snoozed |= !nlohmann::json::parse(payload)["snoozed_until"].is_null();
    EXPECT_TRUE(state_snoozed);
}

class MidBuzzSignal : public AlertControl, public ::testing::WithParamInterface<int> {};

TEST_P(MidBuzzSignal, StoppedMidBuzzTheBuzzerEndsOff) {
    const int sig = GetParam();
    const std::string dev = sig == SIGTERM ? "it-term" : "it-int";
    const std::string fake = tmp_.path + "/" + dev + "-buzzer.txt";
    auto edge = start_buzzing(dev, fake);
    edge->signal(sig);
    auto rc = edge->wait(std::chrono::seconds(30));
    EXPECT_EQ(rc, 0) << read_file(log_path(dev));
    expect_stopped_mid_buzz(fake_timeline(fake));
}

INSTANTIATE_TEST_SUITE_P(Signals, MidBuzzSignal, ::testing::Values(SIGTERM, SIGINT),
                         [](const ::testing::TestParamInfo<int>& p) { return std::string(p.param == SIGTERM ? "sigterm" : "sigint"); });

TEST_F(AlertControl, AnExceptionMidBuzzLeavesTheBuzzerOff) {
    // gpio.fake_fault is the documented test hook: the main loop throws a real
    // exception while the buzzer is on; unwinding must switch it off.
    const std::string dev = "it-throw";
    const std::string fake = tmp_.path + "/" + dev + "-buzzer.txt";
    auto edge = start_buzzing(dev, fake, "fake_fault = \"throw_while_buzzing\"\n");
    auto rc = edge->wait(std::chrono::seconds(30));
    EXPECT_EQ(rc, 1);
    EXPECT_NE(read_file(log_path(dev)).find("injected fault while buzzing"), std::string::npos);
    expect_stopped_mid_buzz(fake_timeline(fake));
}

TEST(AlertCommandLine, MissingGpioChipNamesTheChipAndTheBoardFile) {
    TempDir tmp;
    std::string board = tmp.path + "/myboard.toml";
    std::ofstream(board) << "[gpio]\nbackend = \"gpiod\"\nchip = \"gpiochip-pg-missing\"\nbuzzer_line = 17\n";
    auto r = run_command({PG_EDGE_BIN, "--board", board, "--source", "sim:quick", "--state-dir", tmp.path + "/s",
                          "--broker", "127.0.0.1:1", "--log-level", "error"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    // One line, naming both (warnings, e.g. an analyzer fallback, are not errors).
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("gpiochip-pg-missing"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(board), std::string::npos) << r.err;
}
