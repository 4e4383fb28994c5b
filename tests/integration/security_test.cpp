// Who may talk to whom: the shipped broker config (scripts/broker/mosquitto.conf,
// acl.conf) on a real mosquitto, with only its ports, files and the test CA
// swapped in, and its remote-hub TLS listener switched on.
#include "broker.hpp"
#include "process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

using namespace pg::test;

namespace {

class SecuredSystem : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_mosquitto()) GTEST_SKIP() << "mosquitto is not installed";
        if (!std::filesystem::exists("/usr/bin/openssl")) GTEST_SKIP() << "openssl is not installed";
        const std::string broker_dir = tmp_.path + "/broker";
        std::filesystem::create_directories(broker_dir);
        const std::string device_passwd = broker_dir + "/devices.passwd", hub_passwd = broker_dir + "/hub.passwd";
        add_user(device_passwd, "devA", "pwA");
        add_user(device_passwd, "devB", "pwB");
        add_user(hub_passwd, "pg-hub", "pwHub");
        std::filesystem::copy_file(std::string(PG_SOURCE_DIR) + "/scripts/broker/acl.conf", broker_dir + "/acl");
        auto ca = run_command({std::string(PG_SOURCE_DIR) + "/scripts/broker/make-test-ca.sh", tmp_.path + "/ca"});
        ASSERT_EQ(ca.exit_code, 0) << ca.err;
        std::string shipped = read_file(std::string(PG_SOURCE_DIR) + "/scripts/broker/mosquitto.conf");
        ASSERT_FALSE(shipped.empty());
        // Switch on the commented remote-hub listener: every line from it on.
        const auto remote = shipped.find("#listener 8884");
        ASSERT_NE(remote, std::string::npos) << "the shipped config lost its remote-hub listener";
        std::string tail = shipped.substr(remote);
        for (std::size_t at = 0; at < tail.size(); at = tail.find('\n', at) + 1) {
            if (tail[at] == '#') tail.erase(at, 1);
            if (tail.find('\n', at) == std::string::npos) break;
        }
        shipped = shipped.substr(0, remote) + tail;
        broker_log_ = broker_dir + "/mosquitto.log";
        const std::vector<std::pair<std::string, std::string>> paths{
            {"/var/lib/mosquitto/", broker_dir + "/"},
            {"/etc/mosquitto/postureguard-hub.passwd", hub_passwd},
            {"/etc/mosquitto/postureguard.passwd", device_passwd},
            {"/etc/mosquitto/postureguard.acl", broker_dir + "/acl"},
            {"/etc/mosquitto/certs/postureguard-ca.crt", tmp_.path + "/ca/ca.crt"},
            {"/etc/mosquitto/certs/broker.crt", tmp_.path + "/ca/broker.crt"},
            {"/etc/mosquitto/certs/broker.key", tmp_.path + "/ca/broker.key"}};
        const std::vector<std::string> listeners{"listener 1883 127.0.0.1", "listener 8883", "listener 8884"};
        for (const auto& from : listeners) ASSERT_NE(shipped.find(from), std::string::npos) << from;
        for (const auto& [from, to] : paths)
            ASSERT_NE(shipped.find(from), std::string::npos) << "the shipped config no longer has '" << from << "'";
        auto make_config = [shipped, paths, listeners, log = broker_log_](const std::vector<int>& ports) {
            std::string conf = shipped;
            auto replace_all = [&conf](const std::string& from, const std::string& to) {
                for (auto at = conf.find(from); at != std::string::npos; at = conf.find(from, at + to.size()))
                    conf.replace(at, from.size(), to);
            };
            for (std::size_t i = 0; i < listeners.size(); ++i)
                replace_all(listeners[i], "listener " + std::to_string(ports[i]) + " 127.0.0.1");
            for (const auto& [from, to] : paths) replace_all(from, to);
            return conf + "\nlog_dest file " + log + "\nlog_type all\n";
        };
        // The broker chooses its three ports itself and retries if one is taken.
        broker_ = Broker::with_config(broker_dir, 3, make_config);
        tls_port_ = broker_->ports()[1];
        hub_tls_port_ = broker_->ports()[2];
        db_ = tmp_.path + "/hub.db";
    }
    static void add_user(const std::string& file, const std::string& user, const std::string& password) {
        if (!std::filesystem::exists(file)) std::ofstream{file};  // -b needs an existing file
        auto r = run_command({"mosquitto_passwd", "-b", file, user, password});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        // mosquitto drops root privileges: let it read the file.
        std::filesystem::permissions(file, std::filesystem::perms::all);
    }
    void TearDown() override {
        if (hub_) {
            hub_->signal(SIGTERM);
            hub_->wait(std::chrono::seconds(20));
        }
    }

    // The hub on the local listener, or as a hub on another machine would run:
    // over TLS on the hub listener.
    void start_hub(const std::string& password, bool tls = false) {
        std::vector<std::string> argv{PG_HUB_BIN, "--db", db_, "--username", "pg-hub", "--password", password,
                                      "--broker",
                                      tls ? "127.0.0.1:" + std::to_string(hub_tls_port_) : broker_->address()};
        if (tls) argv.insert(argv.end(), {"--cafile", tmp_.path + "/ca/ca.crt"});
        hub_ = std::make_unique<ChildProcess>(argv, hub_log());
    }
    // Every hub connection kept its session: none was taken over or dropped.
    void expect_hub_connections_stable() {
        EXPECT_EQ(read_file(hub_log()).find("' lost"), std::string::npos) << read_file(hub_log());
        EXPECT_EQ(read_file(broker_log_).find("already connected"), std::string::npos);
    }
    std::string hub_log() const { return tmp_.path + "/hub.log"; }
    bool hub_log_has(const std::string& text, std::chrono::seconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (read_file(hub_log()).find(text) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    // Runs an edge over TLS on the device listener, logging in as `user` but
    // claiming `device`.
    CommandResult run_edge(const std::string& user, const std::string& password, const std::string& device) {
        summary_ = tmp_.path + "/summary-" + device + ".json";
        return run_command(edge_argv(user, password, device, "127.0.0.1:" + std::to_string(tls_port_)),
                           std::chrono::seconds(120));
    }
    std::vector<std::string> edge_argv(const std::string& user, const std::string& password, const std::string& device,
                                       const std::string& broker, bool tls = true) {
        std::string conf = tmp_.path + "/edge-" + user + "-" + device + (tls ? "-tls" : "") + ".toml";
        std::ofstream(conf) << "[mqtt]\nusername = \"" << user << "\"\npassword = \"" << password << "\"\n"
                            << (tls ? "cafile = \"" + tmp_.path + "/ca/ca.crt\"\n" : "");
        return {PG_EDGE_BIN, "--config", conf, "--device", device, "--source", "sim:quick",
                "--cadence", "10s", "--speed", "max", "--state-dir", tmp_.path + "/state-" + device,
                "--broker", broker, "--summary", tmp_.path + "/summary-" + device + ".json"};
    }
    long long produced() const { return nlohmann::json::parse(read_file(summary_))["samples"]; }

    long long stored(const std::string& device) {
        auto r = run_command({PG_REPORT_BIN, "--db", db_, "devices", "--json"});
        if (r.exit_code != 0) return 0;
        for (auto& row : nlohmann::json::parse(r.out))
            if (row["device"] == device) return row["samples"];
        return 0;
    }
    long long wait_stored(const std::string& device, long long want) {
        long long have = 0;
        for (int i = 0; i < 300 && have < want; ++i) {
            have = stored(device);
            if (have < want) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return have;
    }

    TempDir tmp_;
    std::string db_, summary_, broker_log_;
    int tls_port_ = 0, hub_tls_port_ = 0;
    std::unique_ptr<Broker> broker_;
    std::unique_ptr<ChildProcess> hub_;
};

}  // namespace

TEST_F(SecuredSystem, ADeviceCannotPublishAsAnotherDevice) {
    start_hub("pwHub");
    ASSERT_TRUE(hub_log_has("subscribed to", std::chrono::seconds(20)));

    // devA logs in correctly but claims to be devB: the broker drops it (ACL).
    auto forged = run_edge("devA", "pwA", "devB");
    ASSERT_EQ(forged.exit_code, 0) << forged.err;
    ASSERT_GT(produced(), 0);

    // devA as itself is stored in full; this also shows the forged batches had
    // every chance to arrive before it.
    auto honest = run_edge("devA", "pwA", "devA");
    ASSERT_EQ(honest.exit_code, 0) << honest.err;
    EXPECT_EQ(wait_stored("devA", produced()), produced());
    EXPECT_EQ(stored("devB"), 0);
    expect_hub_connections_stable();
}

TEST_F(SecuredSystem, ADeviceCannotLogInWhereTheHubDoes) {
    // The hub's listeners know only the hub's password file: a device's valid
    // login is refused there, so it cannot reach a hub session by its client id.
    for (const auto& [broker, tls] : {std::pair{broker_->address(), false},
                                      std::pair{"127.0.0.1:" + std::to_string(hub_tls_port_), true}}) {
        const std::string log = tmp_.path + "/edge-on-hub-listener.log";
        std::filesystem::remove(log);
        ChildProcess edge(edge_argv("devA", "pwA", "devA", broker, tls), log);
        bool refused = false;
        for (int i = 0; i < 200 && !refused; ++i) {
            refused = read_file(log).find("not authorised") != std::string::npos;
            if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        EXPECT_TRUE(refused) << broker << ": " << read_file(log);
        edge.signal(SIGKILL);
        edge.wait(std::chrono::seconds(10));
    }
}

TEST_F(SecuredSystem, AWrongPasswordIsRefused) {
    start_hub("not-the-password");
    EXPECT_TRUE(hub_log_has("not authorised", std::chrono::seconds(20))) << read_file(hub_log());
    EXPECT_FALSE(hub_log_has("subscribed to", std::chrono::seconds(1)));
}

TEST_F(SecuredSystem, TlsWithTheTestCaCarriesEverything) {
    start_hub("pwHub", true);
    ASSERT_TRUE(hub_log_has("subscribed to", std::chrono::seconds(20))) << read_file(hub_log());
    auto r = run_edge("devA", "pwA", "devA");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(wait_stored("devA", produced()), produced());
    expect_hub_connections_stable();
}

TEST_F(SecuredSystem, TlsWithAnotherCaIsRefused) {
    auto other = run_command({std::string(PG_SOURCE_DIR) + "/scripts/broker/make-test-ca.sh", tmp_.path + "/other"});
    ASSERT_EQ(other.exit_code, 0) << other.err;
    hub_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{PG_HUB_BIN, "--db", db_, "--username", "pg-hub", "--password", "pwHub", "--broker",
                                 "127.0.0.1:" + std::to_string(hub_tls_port_), "--cafile",
                                 tmp_.path + "/other/ca.crt"},
        hub_log());
    EXPECT_FALSE(hub_log_has("subscribed to", std::chrono::seconds(5))) << read_file(hub_log());
    EXPECT_TRUE(hub_->running()) << read_file(hub_log());
    // It keeps retrying (a broker whose certificate is fixed is found again
    // without a restart), and never trusts the wrong broker.
    const std::string log = read_file(hub_log());
    int refusals = 0;
    for (auto at = log.find("certificate verify failed"); at != std::string::npos;
         at = log.find("certificate verify failed", at + 1))
        ++refusals;
    EXPECT_GE(refusals, 2) << log;
}
