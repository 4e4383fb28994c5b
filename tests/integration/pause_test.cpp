// Pause and resume for real: pg-edge on a real broker, commands over MQTT and
// through the local CLI (pg-edge status/pause/resume on its Unix socket), the
// monitoring schedule, SIGHUP reloads, and the hub's paused time via pg-report.
// The simulated camera counts what it is asked for: pg-edge's summary says how
// many frames were grabbed, so "nothing is grabbed while paused" is measured.
#include "mqtt_probe.hpp"
#include "system_fixture.hpp"

#include <ctime>
#include <fstream>

using namespace pg::test;

namespace {

constexpr std::int64_t kCadenceMs = 200;

// A schedule that excludes the whole of today and tomorrow (UTC): an hour two
// days from now.
std::string schedule_not_now() {
    static const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    return std::string(days[(tm.tm_wday + 2) % 7]) + " 03:00-04:00";
}

std::string utc_date(std::int64_t t_ms) {
    std::time_t t = static_cast<std::time_t>(t_ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

class Pause : public SystemFixture {
protected:
    std::string state_dir(const std::string& dev) const { return tmp_.path + "/state-" + dev; }
    std::string log_path(const std::string& dev) const { return tmp_.path + "/" + dev + ".log"; }
    std::string write_config(const std::string& dev, const std::string& extra) {
        std::string path = tmp_.path + "/" + dev + ".toml";
        std::ofstream(path) << "[device]\ntimezone = \"UTC\"\nclock_check = false\n" << extra;
        return path;
    }
    // pg-edge in real time on the simulated desk.
    std::unique_ptr<ChildProcess> start_edge(const std::string& dev, const std::string& config) {
        return std::make_unique<ChildProcess>(
            std::vector<std::string>{PG_EDGE_BIN, "--config", config, "--source", "sim:quick", "--cadence",
                                     std::to_string(kCadenceMs) + "ms", "--broker", broker_->address(), "--device", dev,
                                     "--state-dir", state_dir(dev), "--summary", summary_path(dev)},
            log_path(dev));
    }
    CommandResult cli(const std::string& dev, std::vector<std::string> args) {
        std::vector<std::string> argv{PG_EDGE_BIN};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.insert(argv.end(), {"--state-dir", state_dir(dev)});
        return run_command(argv, std::chrono::seconds(30));
    }
    bool wait_socket(const std::string& dev) {
        return Probe::wait([&] { return cli(dev, {"status"}).exit_code == 0; }, std::chrono::seconds(30));
    }
    static std::int64_t count_state(const std::vector<pg::Sample>& s, pg::PostureState st) {
        std::int64_t n = 0;
        for (const auto& x : s) n += x.state == st;
        return n;
    }
};

}  // namespace

TEST_F(Pause, OverMqttAndTheLocalCliTheCameraStopsAndTheHubCountsPausedTime) {
    const std::string dev = "it-pause";
    start_hub();
    ASSERT_TRUE(wait_for_hub_subscription());
    Probe probe(broker_->address(), "postureguard/" + dev + "/#");
    ASSERT_TRUE(probe.wait_subscribed());
    auto edge = start_edge(dev, write_config(dev, ""));
    ASSERT_TRUE(wait_socket(dev)) << read_file(log_path(dev));
    std::this_thread::sleep_for(std::chrono::seconds(2));  // watching for a while

    // MQTT: pause until resumed.
    const std::string cmd = "postureguard/" + dev + "/cmd";
    probe.publish(cmd, R"({"cmd":"pause","id":"p1"})");
    ASSERT_TRUE(Probe::wait([&] { return !probe.result("p1").is_null(); }, std::chrono::seconds(20)));
    EXPECT_EQ(probe.result("p1"), nlohmann::json::parse(R"({"id":"p1","cmd":"pause","ok":true,"paused_until":null})"));
    ASSERT_TRUE(Probe::wait([&] { return probe.last_state().value("state", "") == "paused"; }, std::chrono::seconds(10)));
    EXPECT_EQ(probe.last_state()["paused_by"], "command");
    std::this_thread::sleep_for(std::chrono::seconds(2));
    auto st = cli(dev, {"status"});
    ASSERT_EQ(st.exit_code, 0) << st.err;
    EXPECT_NE(st.out.find("paused       yes, by command, until resumed (camera off)"), std::string::npos) << st.out;

    // The local CLI: resume, then a timed pause, ended over MQTT.
    auto r = cli(dev, {"resume"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "monitoring resumed; alerts are on\n");
    ASSERT_TRUE(Probe::wait([&] { return probe.last_state().value("state", "") != "paused"; }, std::chrono::seconds(10)));
    std::this_thread::sleep_for(std::chrono::seconds(2));
    r = cli(dev, {"pause", "5m"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("monitoring paused until "), std::string::npos) << r.out;
    std::this_thread::sleep_for(std::chrono::seconds(2));
    probe.publish(cmd, R"({"cmd":"resume","id":"r2"})");
    ASSERT_TRUE(Probe::wait([&] { return !probe.result("r2").is_null(); }, std::chrono::seconds(20)));
    EXPECT_EQ(probe.result("r2")["ok"], true);
    std::this_thread::sleep_for(std::chrono::seconds(2));
    // A usage error exits 2 without reaching the device.
    EXPECT_EQ(cli(dev, {"pause", "sometime"}).exit_code, 2);

    edge->signal(SIGTERM);
    ASSERT_EQ(edge->wait(std::chrono::seconds(60)), 0) << read_file(log_path(dev));
    EXPECT_FALSE(std::filesystem::exists(state_dir(dev) + "/control.sock"));
    auto after = cli(dev, {"status"});
    EXPECT_EQ(after.exit_code, 1);
    EXPECT_EQ(after.err, "pg-edge: pg-edge is not running (no socket at " + state_dir(dev) + "/control.sock)\n");

    // Every tick has its sample; only the watched ones grabbed a frame.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const auto samples = probe.samples();
    const auto s = summary(dev);
    ASSERT_EQ(static_cast<std::int64_t>(samples.size()), s["samples"].get<std::int64_t>());
    const std::int64_t paused = count_state(samples, pg::PostureState::paused);
    EXPECT_GE(paused * kCadenceMs, 3500) << "two pauses of about 2 s each";
    EXPECT_EQ(s["frames"].get<std::int64_t>() + paused, s["samples"].get<std::int64_t>())
        << "a frame was grabbed in a paused tick";
    const auto log = read_file(log_path(dev));
    EXPECT_NE(log.find("monitoring paused: sim:quick"), std::string::npos) << log;
    EXPECT_NE(log.find("monitoring resumed: sim:quick"), std::string::npos) << log;

    // The hub: paused time, not monitored.
    ASSERT_EQ(wait_stored(dev, static_cast<long long>(samples.size()), std::chrono::seconds(30)),
              static_cast<long long>(samples.size()));
    const std::string date = utc_date(samples.front().t_ms);
    ASSERT_EQ(date, utc_date(samples.back().t_ms)) << "the run crossed midnight; run it again";
    nlohmann::json day;
    ASSERT_TRUE(Probe::wait(
        [&] {
            auto rep = report({"--device", dev, "day", "--date", date, "--json"});
            day = nlohmann::json::parse(rep.out, nullptr, false);
            return rep.exit_code == 0 && day.is_object() && day.value("paused_ms", 0LL) == paused * kCadenceMs;
        },
        std::chrono::seconds(20)))
        << day.dump();
    EXPECT_EQ(day["monitored_ms"].get<std::int64_t>(), (s["samples"].get<std::int64_t>() - paused) * kCadenceMs);
}

TEST_F(Pause, OutsideTheScheduleNothingIsGrabbedAndResumeSaysSo) {
    const std::string dev = "it-sched";
    Probe probe(broker_->address(), "postureguard/" + dev + "/#");
    ASSERT_TRUE(probe.wait_subscribed());
    const std::string schedule = schedule_not_now();
    auto edge = start_edge(dev, write_config(dev, "[monitoring]\nschedule = \"" + schedule + "\"\n"));
    ASSERT_TRUE(wait_socket(dev)) << read_file(log_path(dev));
    ASSERT_TRUE(Probe::wait([&] { return probe.last_state().value("paused_by", "") == "schedule"; },
                            std::chrono::seconds(10)));
    EXPECT_NE(probe.last_state()["paused_until"].get<std::string>().find("T03:00:00.000+00:00"), std::string::npos);
    auto r = cli(dev, {"resume"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("resumed, but outside the monitoring schedule: paused until"), std::string::npos) << r.out;
    r = cli(dev, {"calibrate"});  // the running edge is asked, not a second camera opened
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("monitoring is paused"), std::string::npos) << r.err;
    std::this_thread::sleep_for(std::chrono::seconds(2));
    edge->signal(SIGTERM);
    ASSERT_EQ(edge->wait(std::chrono::seconds(60)), 0) << read_file(log_path(dev));
    const auto s = summary(dev);
    EXPECT_EQ(s["frames"], 0) << "a frame was grabbed outside the schedule";
    EXPECT_GT(s["samples"].get<std::int64_t>(), 10);
}

TEST_F(Pause, SighupReloadsWithoutDroppingASampleAndRefusesABadFile) {
    const std::string dev = "it-hup";
    Probe probe(broker_->address(), "postureguard/" + dev + "/#");
    ASSERT_TRUE(probe.wait_subscribed());
    const std::string config = write_config(dev, "[alert]\nhold = \"30s\"\n");
    auto edge = start_edge(dev, config);
    ASSERT_TRUE(wait_socket(dev)) << read_file(log_path(dev));
    std::this_thread::sleep_for(std::chrono::seconds(1));

    // A schedule that pauses now, a new alert hold, and a capture size (needs a
    // restart; --device on the command line still wins over the file's id).
    std::ofstream(config) << "[device]\ntimezone = \"UTC\"\nclock_check = false\nid = \"renamed\"\n[camera]\nwidth = 320\n"
                          << "[alert]\nhold = \"20s\"\n[monitoring]\nschedule = \"" << schedule_not_now() << "\"\n";
    edge->signal(SIGHUP);
    ASSERT_TRUE(Probe::wait([&] { return cli(dev, {"status"}).out.find("by schedule") != std::string::npos; },
                            std::chrono::seconds(20)))
        << read_file(log_path(dev));
    auto log = read_file(log_path(dev));
    EXPECT_NE(log.find("now in effect: alert.hold, monitoring.schedule"), std::string::npos) << log;
    EXPECT_NE(log.find("needs a restart (the running values are kept): camera.width"), std::string::npos) << log;

    // A bad file is refused with its error; the running config stays.
    std::ofstream(config) << "[monitoring]\nschedule = \"Mon-Fry 08:00-09:00\"\n";
    edge->signal(SIGHUP);
    ASSERT_TRUE(Probe::wait([&] { return read_file(log_path(dev)).find("new configuration refused") != std::string::npos; },
                            std::chrono::seconds(20)));
    log = read_file(log_path(dev));
    EXPECT_NE(log.find("unknown day 'Fry'"), std::string::npos) << log;
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_NE(cli(dev, {"status"}).out.find("by schedule"), std::string::npos);

    // Back to always: monitoring again.
    std::ofstream(config) << "[device]\ntimezone = \"UTC\"\nclock_check = false\n";
    edge->signal(SIGHUP);
    ASSERT_TRUE(Probe::wait([&] { return cli(dev, {"status"}).out.find("paused       no") != std::string::npos; },
                            std::chrono::seconds(20)));
    std::this_thread::sleep_for(std::chrono::seconds(1));
    edge->signal(SIGTERM);
    ASSERT_EQ(edge->wait(std::chrono::seconds(60)), 0) << read_file(log_path(dev));

    // Three reloads, and the ticks went on one cadence apart: none lost, none doubled.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const auto samples = probe.samples();
    const auto s = summary(dev);
    ASSERT_EQ(static_cast<std::int64_t>(samples.size()), s["samples"].get<std::int64_t>());
    EXPECT_EQ(s["dropped_samples"], 0);
    int gaps = 0;
    for (std::size_t i = 1; i < samples.size(); ++i)
        if (samples[i].t_ms - samples[i - 1].t_ms != kCadenceMs) {
            ++gaps;
            ADD_FAILURE() << "tick " << i << " came " << samples[i].t_ms - samples[i - 1].t_ms << " ms after the last";
        }
    EXPECT_EQ(gaps, 0);
    EXPECT_GT(count_state(samples, pg::PostureState::paused), 0);
}
