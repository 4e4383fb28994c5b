#include "app/edge_stats.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

using namespace pg;
using namespace std::chrono_literals;

namespace {
Sample at(std::int64_t t, PostureState s) {
    Sample x;
    x.t_ms = t;
    x.state = s;
    return x;
}
}  // namespace

TEST(EdgeStats, ReportsEveryIntervalWithTheDocumentedFields) {
    EdgeStats st("1.0", "Europe/Berlin", 60s);
    auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 100; ++i) st.frame_analysed(3000us);
    EXPECT_FALSE(st.due(t0 + 30s, 0));
    auto json = st.due(t0 + 61s, 4);
    ASSERT_TRUE(json);
    auto j = nlohmann::json::parse(*json);
    for (const char* k : {"fps", "analysis_ms", "cpu_pct", "cpu_temp_c", "uptime_s", "outbox_depth", "good_today_pct", "alerts_today", "version"})
        EXPECT_TRUE(j.contains(k)) << k;
    EXPECT_DOUBLE_EQ(j["analysis_ms"].get<double>(), 3.0);
    EXPECT_EQ(j["outbox_depth"], 4);
    EXPECT_EQ(j["version"], "1.0");
    EXPECT_FALSE(st.due(t0 + 62s, 0));  // the window restarted
}

TEST(EdgeStats, NamesTheBrokerItIsConnectedTo) {
    EdgeStats st("1.0", "UTC", 1s);
    const auto t0 = std::chrono::steady_clock::now();
    auto j = nlohmann::json::parse(*st.due(t0 + 2s, 0, std::string("[::1]:1884")));
    EXPECT_EQ(j["broker"], "[::1]:1884");
    j = nlohmann::json::parse(*st.due(t0 + 4s, 0, std::nullopt));
    ASSERT_TRUE(j.contains("broker"));
    EXPECT_TRUE(j["broker"].is_null());
}

TEST(EdgeStats, NamesTheAnalyzerAndAnyFallback) {
    EdgeStats st("1.0", "UTC", 1s);
    st.set_analyzer("mesh", "");
    auto j = nlohmann::json::parse(*st.due(std::chrono::steady_clock::now() + 2s, 0));
    EXPECT_EQ(j["analyzer"], "mesh");
    EXPECT_TRUE(j["analyzer_fallback"].is_null());
    st.set_analyzer("cascade", "analysis.analyzer 'mesh': model x not found; using cascade");
    j = nlohmann::json::parse(*st.due(std::chrono::steady_clock::now() + 4s, 0));
    EXPECT_EQ(j["analyzer"], "cascade");
    EXPECT_EQ(j["analyzer_fallback"], "analysis.analyzer 'mesh': model x not found; using cascade");
}

TEST(EdgeStats, GoodShareCountsPresentTimeOfTheLocalDayOnly) {
    EdgeStats st("1.0", "Asia/Seoul", 1s);
    // 2026-11-23 23:59:00 in Seoul is 14:59 UTC; the next minute is a new local day.
    const std::int64_t before_midnight = 1'795'445'940'000;
    st.sample(at(before_midnight, PostureState::slouch));
    st.sample(at(before_midnight + 60'000, PostureState::good));
    st.sample(at(before_midnight + 61'000, PostureState::good));
    st.sample(at(before_midnight + 62'000, PostureState::forward_head));
    st.sample(at(before_midnight + 63'000, PostureState::away));  // not present: not counted
    auto j = nlohmann::json::parse(*st.due(std::chrono::steady_clock::now() + 2s, 0));
    EXPECT_DOUBLE_EQ(j["good_today_pct"].get<double>(), 66.7);
}

TEST(EdgeStats, ReadsTheKernelsMilliDegrees) {
    const std::string f = testing::TempDir() + "/thermal";
    std::ofstream(f) << "48312\n";
    EXPECT_DOUBLE_EQ(*EdgeStats::cpu_temperature_c(f), 48.312);
    EXPECT_FALSE(EdgeStats::cpu_temperature_c(f + ".missing"));
    std::remove(f.c_str());
}

TEST(EdgeStats, AlertsTodayStartOverAtLocalMidnight) {
    EdgeStats st("1.0", "Asia/Seoul", 1s);
    const std::int64_t before_midnight = 1'795'445'940'000;  // 23:59 in Seoul
    auto event = [](std::int64_t t, EventType type) { return Event{t, type, 1}; };
    st.event(event(before_midnight - 3'600'000, EventType::alert));
    st.event(event(before_midnight, EventType::alert));
    st.event(event(before_midnight + 1'000, EventType::break_reminder));  // not a posture alert
    st.event(event(before_midnight + 2'000, EventType::camera_moved));
    EXPECT_EQ(st.alerts_today(), 2u);
    auto j = nlohmann::json::parse(*st.due(std::chrono::steady_clock::now() + 2s, 0));
    EXPECT_EQ(j["alerts_today"], 2);
    st.event(event(before_midnight + 60'000, EventType::alert));  // 00:00 next day
    EXPECT_EQ(st.alerts_today(), 1u);
    // A sample of the new day starts it over too, alerts or not.
    st.event(event(before_midnight + 86'400'000 - 1'000, EventType::alert));
    st.sample(at(before_midnight + 86'400'000 + 60'000, PostureState::good));
    EXPECT_EQ(st.alerts_today(), 0u);
}
