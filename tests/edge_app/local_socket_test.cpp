// The local CLI and its socket: requests go through the control's inbox and
// the same parser as MQTT, answers come back on the same connection; a missing
// or stale socket says pg-edge is not running; usage errors never reach it.
#include "app/local_cli.hpp"
#include "app/local_client.hpp"
#include "app/local_socket.hpp"
#include "control/edge_control.hpp"
#include "edge_test_support.hpp"
#include "indicator/fake_indicator.hpp"
#include "pg/exit_codes.hpp"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <sstream>
#include <thread>

using namespace pg;
using namespace std::chrono_literals;

namespace {

// A control polled by its own "main loop" thread, as in pg-edge.
struct RunningEdge {
    explicit RunningEdge(const std::string& dir) : clock(1741593600000) {
        ControlOptions o;
        o.device = "desk-1";
        o.timezone = "UTC";
        o.analyzer = "cascade";
        control = std::make_unique<EdgeControl>(o, std::make_unique<FakeIndicator>(), clock, ControlHooks{});
        socket = std::make_unique<LocalSocket>(local_socket_path(dir), control->inbox(), 600ms);
        loop = std::thread([this] {
            while (!stop) {
                PauseStatus p = control->poll();
                Sample s;
                s.t_ms = clock.now_ms();
                s.state = p.paused ? PostureState::paused : PostureState::good;
                control->tick(s, true);
                std::this_thread::sleep_for(5ms);
            }
        });
    }
    ~RunningEdge() {
        stop = true;
        loop.join();
        socket.reset();
    }
    ManualClock clock;
    std::unique_ptr<EdgeControl> control;
    std::unique_ptr<LocalSocket> socket;
    std::atomic<bool> stop{false};
    std::thread loop;
};

struct Cli {
    int rc;
    std::string out, err;
};
Cli cli(const std::string& dir, const std::string& verb, std::vector<std::string> args = {}) {
    std::ostringstream out, err;
    int rc = run_local_cli(verb, args, dir, out, err, 10s);
    return {rc, out.str(), err.str()};
}

// A socket file nobody listens on: what a killed pg-edge leaves behind.
void make_stale_socket(const std::string& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    ::close(fd);
}

}  // namespace

TEST(LocalCli, PauseStatusResumeThroughTheSocket) {
    test::TempDir dir;
    RunningEdge edge(dir.path().string());
    struct stat st {};
    ASSERT_EQ(::stat(local_socket_path(dir.path().string()).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0660u);

    auto r = cli(dir.path().string(), "pause", {"30"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "monitoring paused until 2025-03-10 08:30 (+00:00); the camera is off\n");
    r = cli(dir.path().string(), "status");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_NE(r.out.find("state        paused since"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("paused       yes, by command, until 2025-03-10 08:30 (+00:00)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("analyzer     cascade"), std::string::npos) << r.out;
    // Refused by the device: exit 1 with its reason.
    r = cli(dir.path().string(), "calibrate");
    EXPECT_EQ(r.rc, exit_code::failure);
    EXPECT_EQ(r.err, "pg-edge calibrate: monitoring is paused: resume first, then calibrate\n");
    r = cli(dir.path().string(), "resume");
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "monitoring resumed; alerts are on\n");
    r = cli(dir.path().string(), "snooze", {"tomorrow"});
    ASSERT_EQ(r.rc, 0) << r.err;
    EXPECT_EQ(r.out, "alerts snoozed until 2025-03-11 00:00 (+00:00)\n");
    r = cli(dir.path().string(), "status");
    EXPECT_NE(r.out.find("state        good (score 0) since"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("snoozed      until 2025-03-11 00:00"), std::string::npos) << r.out;
    EXPECT_EQ(cli(dir.path().string(), "buzz-test").rc, 0);
}

TEST(LocalCli, TheSocketSpeaksTheMqttCommandFormat) {
    test::TempDir dir;
    RunningEdge edge(dir.path().string());
    const auto path = local_socket_path(dir.path().string());
    auto raw = [&](const std::string& line) {
        auto r = send_local_request(path, line, 10s);
        EXPECT_TRUE(std::holds_alternative<std::string>(r));
        return std::holds_alternative<std::string>(r) ? nlohmann::json::parse(std::get<std::string>(r)) : nlohmann::json();
    };
    EXPECT_EQ(raw("snooze please"), nlohmann::json::parse(R"({"ok":false,"error":"not valid JSON"})"));
    EXPECT_EQ(raw(R"({"cmd":"pause","minutes":0,"id":"x"})"),
              nlohmann::json::parse(R"({"id":"x","ok":false,"error":"\"minutes\" must be between 1 and 10080"})"));
    EXPECT_EQ(raw(R"({"cmd":"pause","until":"09:15","id":"y"})"),
              nlohmann::json::parse(R"({"id":"y","cmd":"pause","ok":true,"paused_until":"2025-03-10T09:15:00.000+00:00"})"));
    EXPECT_EQ(raw(std::string(2000, ' ') + "{}")["error"], "command too large (more than 1024 bytes)");
}

TEST(LocalCli, NotRunningMissingOrStaleSocket) {
    test::TempDir dir;
    auto r = cli(dir.path().string(), "status");
    EXPECT_EQ(r.rc, exit_code::failure);
    EXPECT_EQ(r.err, "pg-edge: pg-edge is not running (no socket at " + local_socket_path(dir.path().string()) + ")\n");
    make_stale_socket(local_socket_path(dir.path().string()));
    r = cli(dir.path().string(), "pause");
    EXPECT_EQ(r.rc, exit_code::failure);
    EXPECT_EQ(r.err, "pg-edge: pg-edge is not running (stale socket at " + local_socket_path(dir.path().string()) + ")\n");
    EXPECT_FALSE(local_edge_listening(local_socket_path(dir.path().string())));
    // A new pg-edge replaces the stale file; a second one on the same state dir is refused.
    RunningEdge edge(dir.path().string());
    EXPECT_TRUE(local_edge_listening(local_socket_path(dir.path().string())));
    EXPECT_EQ(cli(dir.path().string(), "status").rc, 0);
    auto inbox = std::make_shared<CommandInbox>();
    try {
        LocalSocket second(local_socket_path(dir.path().string()), inbox, 600ms);
        ADD_FAILURE() << "a second server on a served socket";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("another pg-edge is running"), std::string::npos) << e.what();
    }
    EXPECT_EQ(cli(dir.path().string(), "status").rc, 0);  // the first still serves
}

TEST(LocalCli, StoppingRemovesTheSocket) {
    test::TempDir dir;
    { RunningEdge edge(dir.path().string()); }
    EXPECT_FALSE(std::filesystem::exists(local_socket_path(dir.path().string())));
}

TEST(LocalCli, UsageErrorsNeverReachTheDevice) {
    test::TempDir dir;  // nothing runs here: a usage error must come first
    for (auto [verb, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"pause", {"soon"}}, {"pause", {"0"}}, {"pause", {"8d"}}, {"pause", {"until", "25:00"}},
             {"pause", {"until"}}, {"snooze", {"1441"}}, {"snooze", {"2h"}}, {"status", {"now"}},
             {"resume", {"all"}}}) {
        auto r = cli(dir.path().string(), verb, args);
        EXPECT_EQ(r.rc, exit_code::usage) << verb << " " << (args.empty() ? "" : args[0]) << ": " << r.err;
    }
}

TEST(LocalCli, RequestsAreTheMqttCommands) {
    auto json = [](const std::string& verb, std::vector<std::string> args) {
        auto r = local_request(verb, args);
        EXPECT_TRUE(std::holds_alternative<nlohmann::json>(r)) << std::get<std::string>(r);
        return std::holds_alternative<nlohmann::json>(r) ? std::get<nlohmann::json>(r).dump() : std::string();
    };
    EXPECT_EQ(json("pause", {}), R"({"cmd":"pause"})");
    EXPECT_EQ(json("pause", {"90m"}), R"({"cmd":"pause","minutes":90})");
    EXPECT_EQ(json("pause", {"2h"}), R"({"cmd":"pause","minutes":120})");
    EXPECT_EQ(json("pause", {"45"}), R"({"cmd":"pause","minutes":45})");
    EXPECT_EQ(json("pause", {"until", "17:30"}), R"({"cmd":"pause","until":"17:30"})");
    EXPECT_EQ(json("pause", {"tomorrow"}), R"({"cmd":"pause","until":"tomorrow"})");
    EXPECT_EQ(json("snooze", {}), R"({"cmd":"snooze"})");
    EXPECT_EQ(json("snooze", {"20"}), R"({"cmd":"snooze","minutes":20})");
    EXPECT_EQ(json("buzz-test", {}), R"({"cmd":"buzz_test"})");
    for (auto verb : {"status", "resume", "calibrate", "buzz-test", "snooze", "pause"})
        EXPECT_TRUE(parse_command(json(verb, {})).command) << verb;
}
