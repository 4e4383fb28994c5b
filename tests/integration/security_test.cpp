// Who may talk to whom: the shipped ACLs (scripts/broker/acl.conf) on a broker
// that wants a password, and TLS with a test CA, each over a real mosquitto.
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
        passwd_ = broker_dir + "/passwd";
        for (const auto& [user, pw] : {std::pair{"devA", "pwA"}, {"devB", "pwB"}, {"pg-hub", "pwHub"}}) {
            auto r = run_command({"mosquitto_passwd", "-b", passwd_, user, pw});
            if (r.exit_code != 0) {
                std::ofstream(passwd_, std::ios::app);  // -b needs an existing file
                r = run_command({"mosquitto_passwd", "-b", passwd_, user, pw});
            }
            ASSERT_EQ(r.exit_code, 0) << r.err;
        }
        std::filesystem::copy_file(std::string(PG_SOURCE_DIR) + "/scripts/broker/acl.conf", broker_dir + "/acl");
        auto ca = run_command({std::string(PG_SOURCE_DIR) + "/scripts/broker/make-test-ca.sh", tmp_.path + "/ca"});
        ASSERT_EQ(ca.exit_code, 0) << ca.err;
        tls_port_ = free_loopback_port();
        const std::string extra = "password_file " + passwd_ + "\nacl_file " + broker_dir + "/acl\n" +
                                  "use_username_as_clientid true\n" + "listener " + std::to_string(tls_port_) +
                                  " 127.0.0.1\ncafile " + tmp_.path + "/ca/ca.crt\ncertfile " + tmp_.path +
                                  "/ca/broker.crt\nkeyfile " + tmp_.path + "/ca/broker.key\n";
        // mosquitto drops root privileges: let it read what it needs.
        std::filesystem::permissions(passwd_, std::filesystem::perms::all);
        broker_ = std::make_unique<Broker>(broker_dir, extra, 0, false);
        ASSERT_TRUE(wait_for_port(tls_port_, std::chrono::seconds(10)));
        db_ = tmp_.path + "/hub.db";
    }
    void TearDown() override {
        if (hub_) {
            hub_->signal(SIGTERM);
            hub_->wait(std::chrono::seconds(20));
        }
    }

    void start_hub(const std::string& password, bool tls = false) {
        std::vector<std::string> argv{PG_HUB_BIN, "--db", db_, "--username", "pg-hub", "--password", password,
                                      "--broker", tls ? "127.0.0.1:" + std::to_string(tls_port_) : broker_->address()};
        if (tls) argv.insert(argv.end(), {"--cafile", tmp_.path + "/ca/ca.crt"});
        hub_ = std::make_unique<ChildProcess>(argv, hub_log());
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

    // Runs an edge logging in as `user` but claiming `device`.
    CommandResult run_edge(const std::string& user, const std::string& password, const std::string& device,
                           bool tls = false) {
        std::string conf = tmp_.path + "/edge-" + user + "-" + device + ".toml";
        std::ofstream(conf) << "[mqtt]\nusername = \"" << user << "\"\npassword = \"" << password << "\"\n"
                            << (tls ? "cafile = \"" + tmp_.path + "/ca/ca.crt\"\n" : "");
        summary_ = tmp_.path + "/summary-" + device + ".json";
        return run_command({PG_EDGE_BIN, "--config", conf, "--device", device, "--source", "sim:quick",
                            "--cadence", "10s", "--speed", "max", "--state-dir", tmp_.path + "/state-" + device,
                            "--broker", tls ? "127.0.0.1:" + std::to_string(tls_port_) : broker_->address(),
                            "--summary", summary_},
                           std::chrono::seconds(120));
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
    std::string passwd_, db_, summary_;
    int tls_port_ = 0;
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
}

TEST_F(SecuredSystem, AWrongPasswordIsRefused) {
    start_hub("not-the-password");
    EXPECT_TRUE(hub_log_has("not authorised", std::chrono::seconds(20))) << read_file(hub_log());
    EXPECT_FALSE(hub_log_has("subscribed to", std::chrono::seconds(1)));
}

TEST_F(SecuredSystem, TlsWithTheTestCaCarriesEverything) {
    start_hub("pwHub", true);
    ASSERT_TRUE(hub_log_has("subscribed to", std::chrono::seconds(20))) << read_file(hub_log());
    auto r = run_edge("devA", "pwA", "devA", true);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(wait_stored("devA", produced()), produced());
}

TEST_F(SecuredSystem, TlsWithAnotherCaIsRefused) {
    auto other = run_command({std::string(PG_SOURCE_DIR) + "/scripts/broker/make-test-ca.sh", tmp_.path + "/other"});
    ASSERT_EQ(other.exit_code, 0);
    hub_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{PG_HUB_BIN, "--db", db_, "--username", "pg-hub", "--password", "pwHub", "--broker",
                                 "127.0.0.1:" + std::to_string(tls_port_), "--cafile", tmp_.path + "/other/ca.crt"},
        hub_log());
    EXPECT_FALSE(hub_log_has("subscribed to", std::chrono::seconds(5)));
    EXPECT_TRUE(hub_->running());  // keeps retrying, never trusts the wrong broker
}
