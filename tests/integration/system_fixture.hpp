#pragma once

#include "broker.hpp"
#include "process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace pg::test {

// A whole Posture Guard system on loopback: broker, hub, and edges run on demand.
class SystemFixture : public ::testing::Test {
protected:
    void SetUp() override {
        if (!have_mosquitto()) GTEST_SKIP() << "mosquitto is not installed";
        broker_ = std::make_unique<Broker>(tmp_.path + "/broker");
        db_ = tmp_.path + "/hub.db";
    }
    void TearDown() override {
        stop_hub();
        broker_.reset();
    }

    void start_hub() {
        hub_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{PG_HUB_BIN, "--db", db_, "--broker", broker_->address()}, tmp_.path + "/hub.log");
    }
    int stop_hub() {
        if (!hub_) return 0;
        hub_->signal(SIGTERM);
        auto rc = hub_->wait(std::chrono::seconds(30));
        hub_.reset();
        return rc.value_or(-1);
    }

    CommandResult run_edge(const std::string& device, const std::string& source, const std::string& cadence,
                           std::vector<std::string> extra = {}) {
        std::vector<std::string> argv{PG_EDGE_BIN, "--source", source, "--cadence", cadence, "--speed", "max",
                                      "--broker", broker_->address(), "--device", device,
                                      "--state-dir", tmp_.path + "/state-" + device,
                                      "--summary", summary_path(device)};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return run_command(argv, std::chrono::seconds(300));
    }
    std::string summary_path(const std::string& device) const { return tmp_.path + "/summary-" + device + ".json"; }
    nlohmann::json summary(const std::string& device) const {
        return nlohmann::json::parse(read_file(summary_path(device)));
    }

    CommandResult report(std::vector<std::string> args) {
        std::vector<std::string> argv{PG_REPORT_BIN, "--db", db_};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_command(argv, std::chrono::seconds(60));
    }

    // The hub's per-device counters (pg-report devices --json), by device id.
    nlohmann::json device_row(const std::string& device) {
        auto r = report({"devices", "--json"});
        if (r.exit_code != 0) return nullptr;
        auto all = nlohmann::json::parse(r.out, nullptr, false);
        if (!all.is_array()) return nullptr;
        for (auto& row : all)
            if (row.value("device", "") == device) return row;
        return nullptr;
    }

    // Polls until the hub has stored `samples` for `device`; returns what it has.
    long long wait_stored(const std::string& device, long long samples, std::chrono::seconds timeout) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        long long have = -1;
        while (std::chrono::steady_clock::now() < deadline) {
            auto row = device_row(device);
            if (!row.is_null()) have = row.value("samples", -1LL);
            if (have >= samples) return have;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        return have;
    }

    // The hub logs its subscription; a persistent session exists from then on.
    bool wait_for_hub_subscription() {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            if (read_file(tmp_.path + "/hub.log").find("subscribed") != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }

    TempDir tmp_;
    std::unique_ptr<Broker> broker_;
    std::unique_ptr<ChildProcess> hub_;
    std::string db_;
};

}  // namespace pg::test
