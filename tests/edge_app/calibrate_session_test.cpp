#include "app/calibrate_session.hpp"

#include "edge_test_support.hpp"
#include "source/sim/scenario.hpp"

#include <gtest/gtest.h>

namespace pg {
namespace {

TEST(CalibrateSession, WritesTheBaselineWhenTheFaceIsSteady) {
    test::TempDir dir;
    auto src = make_frame_source("sim:quick", test::sim_options());
    TrackerConfig config;
    config.analyzer = "cascade";
    std::atomic<bool> stop{false};
    const auto file = dir.path() / "state" / "baseline.json";
    CalibrateOutcome r = calibrate_from_source(*src, config, std::chrono::milliseconds(600), file, stop);
    ASSERT_TRUE(r.baseline) << r.message;
    EXPECT_NE(r.message.find(file.string()), std::string::npos);
    auto saved = BaselineStore(file).load();
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->analyzer, "cascade");
    EXPECT_NEAR(saved->width, r.baseline->width, 1e-9);
}

TEST(CalibrateSession, RefusesWithAReasonWhenNobodyIsThere) {
    sim::register_scenario({"test_calibrate_empty_desk", "presses calibrate at an empty desk", [](int, sim::Random&) {
                                sim::DayScript d(sim::local_time(9, 0));
                                d.away(std::chrono::seconds(2));
                                d.press_calibrate();
                                d.away(std::chrono::minutes(1));
                                return d;
                            }});
    test::TempDir dir;
    auto src = make_frame_source("sim:test_calibrate_empty_desk", test::sim_options());
    TrackerConfig config;
    config.analyzer = "cascade";
    std::atomic<bool> stop{false};
    const auto file = dir.path() / "baseline.json";
    CalibrateOutcome r = calibrate_from_source(*src, config, std::chrono::milliseconds(600), file, stop);
    EXPECT_FALSE(r.baseline);
    EXPECT_NE(r.message.find("not found steadily"), std::string::npos) << r.message;
    EXPECT_FALSE(std::filesystem::exists(file));
}

}  // namespace
}  // namespace pg
