// The command-line contract: help works, bad input fails with one clear line and
// the documented exit code (0 ok, 1 runtime failure, 2 usage/config, 3 no data).
#include "process.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace pg::test;

namespace {
int lines(const std::string& s) {
    int n = 0;
    for (char c : s) n += c == '\n';
    return n;
}
}  // namespace

TEST(CommandLine, HelpWorksForEveryBinary) {
    for (const char* bin : {PG_EDGE_BIN, PG_HUB_BIN, PG_REPORT_BIN}) {
        auto r = run_command({bin, "--help"});
        EXPECT_EQ(r.exit_code, 0) << bin;
        EXPECT_NE(r.out.find("Usage"), std::string::npos) << bin << r.out;
    }
}

TEST(CommandLine, UnknownOptionIsAUsageError) {
    for (const char* bin : {PG_EDGE_BIN, PG_HUB_BIN, PG_REPORT_BIN}) {
        auto r = run_command({bin, "--no-such-option"});
        EXPECT_EQ(r.exit_code, 2) << bin << r.err;
    }
}

TEST(CommandLine, EdgeNamesAnUnknownConfigKey) {
    TempDir tmp;
    std::string conf = tmp.path + "/edge.toml";
    std::ofstream(conf) << "[analysis]\ncadense = \"1s\"\n";
    auto r = run_command({PG_EDGE_BIN, "--config", conf, "--source", "sim:quick"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find(conf + ":2: unknown key 'analysis.cadense'"), std::string::npos) << r.err;
}

TEST(CommandLine, EdgeNamesAMissingConfigFile) {
    auto r = run_command({PG_EDGE_BIN, "--config", "/nonexistent/edge.toml"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(lines(r.err), 1) << r.err;
    EXPECT_NE(r.err.find("/nonexistent/edge.toml"), std::string::npos) << r.err;
}

TEST(CommandLine, EdgeNamesAnUnknownBoard) {
    auto r = run_command({PG_EDGE_BIN, "--board", "pi99"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("unknown board 'pi99'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("pi5"), std::string::npos) << r.err;
}

TEST(CommandLine, EdgeRejectsABadSourceAndDevice) {
    TempDir tmp;
    auto r = run_command({PG_EDGE_BIN, "--source", "sim:no-such-scenario", "--state-dir", tmp.path});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("no-such-scenario"), std::string::npos) << r.err;
    auto d = run_command({PG_EDGE_BIN, "--device", "a/b", "--source", "sim:quick"});
    EXPECT_EQ(d.exit_code, 2) << d.err;
    EXPECT_NE(d.err.find("a/b"), std::string::npos) << d.err;
}

TEST(CommandLine, EveryShippedBoardLoads) {
    TempDir tmp;
    for (const char* board : {"pi5", "pi4", "pi3", "zero2w", "generic-linux"}) {
        // A bad broker port fails after the board was read and checked in full.
        auto r = run_command({PG_EDGE_BIN, "--board", board, "--broker", "host:0"});
        EXPECT_EQ(r.exit_code, 2) << board;
        EXPECT_NE(r.err.find("mqtt.broker"), std::string::npos) << board << ": " << r.err;
    }
}

TEST(CommandLine, HubNamesAnUnknownConfigKey) {
    TempDir tmp;
    std::string conf = tmp.path + "/hub.toml";
    std::ofstream(conf) << "[mqtt]\nbrokr = \"x\"\n";
    auto r = run_command({PG_HUB_BIN, "--config", conf, "--db", tmp.path + "/h.db"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("unknown key 'mqtt.brokr'"), std::string::npos) << r.err;
}

TEST(CommandLine, ReportOnAMissingDatabaseSaysSo) {
    auto r = run_command({PG_REPORT_BIN, "--db", "/nonexistent/hub.db", "day"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/hub.db"), std::string::npos) << r.err;
}
