// `pg-edge eval` and `--trace` as a user runs them, on the real clips.
#include "process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace pg::test;

namespace {

std::string clip(const std::string& file) { return std::string(PG_SOURCE_DIR) + "/tests/data/real/" + file; }

std::vector<std::string> csv_lines(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST(EvalCommand, FailsWhenNothingCouldBeScoredAndSaysWhy) {
    auto r = run_command({PG_EDGE_BIN, "eval", "--json", "--source", "file:" + clip("desk-clip-2.mp4"), "--labels",
                          clip("desk-clip-2.csv")});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("calibration"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing was scored"), std::string::npos) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["scored_ticks"], 0);
    EXPECT_TRUE(j["problem"].is_string());
    EXPECT_TRUE(j["macro_states"].empty());
}

TEST(EvalCommand, TraceHasARowPerTickWithTheReasons) {
    TempDir tmp;
    const std::string trace = tmp.path + "/trace.csv";
    auto r = run_command({PG_EDGE_BIN, "eval", "--json", "--trace", trace, "--source",
                          "file:" + clip("desk-clip-1.mp4"), "--labels", clip("desk-clip-1.csv")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto rows = csv_lines(trace);
    ASSERT_EQ(rows.size(), j["ticks"].get<std::size_t>() + 1);
    EXPECT_EQ(rows[0].rfind("t_ms,time,truth,state,score,width_ratio,drop,pitch_deg,roll_deg,yaw_deg,", 0), 0u);
    // The macro score names what it averaged.
    EXPECT_NE(std::find(j["macro_states"].begin(), j["macro_states"].end(), "forward_head"), j["macro_states"].end());
    // During the lean in (31.75-34.9 s at 25 fps) the trace shows why: the face
    // is much closer than the baseline, and the state follows.
    int leaning = 0;
    for (const auto& row : rows) {
        std::vector<std::string> f;
        std::stringstream ss(row);
        for (std::string cell; std::getline(ss, cell, ',');) f.push_back(cell);
        if (f.size() < 6 || f[2] != "forward_head" || f[3] != "forward_head") continue;
        ++leaning;
        EXPECT_GT(std::stod(f[5]), 1.06) << row;  // above posture.forward_exit
    }
    EXPECT_GE(leaning, 2);
}

TEST(EvalCommand, ATraceFileThatCannotBeWrittenIsNamed) {
    auto r = run_command({PG_EDGE_BIN, "eval", "--trace", "/nonexistent/dir/trace.csv", "--source", "sim:quick"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("/nonexistent/dir/trace.csv"), std::string::npos) << r.err;
}
