#include "eval/evaluator.hpp"

#include "edge_test_support.hpp"
#include "source/frame_source.hpp"
#include "vision/blazeface_analyzer.hpp"
#include "vision/model_files.hpp"

#include <gtest/gtest.h>

namespace pg::eval {
namespace {

// The targets on the sim suite at default settings, for a representative
// subset (the whole table, every scenario x analyzer x face, is in
// bench/RESULTS.md; this keeps the suite fast): macro-F1 >= 0.95, no alert in
// scenarios of only good posture, and changes detected within the smoother's
// hold (enter_ticks) plus two ticks.
struct Case {
    const char* scenario;
    const char* analyzer;
    const char* face;  // in tests/data/faces
    bool good_only;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.scenario << "/" << c.analyzer << "/" << c.face; }

class SuiteTargets : public ::testing::TestWithParam<Case> {};

TEST_P(SuiteTargets, MeetsTheTargets) {
    const Case& c = GetParam();
    EvalOptions options;
    options.tracker.analyzer = c.analyzer;
    if (options.tracker.analyzer == "blazeface" || options.tracker.analyzer == "mesh") {
        auto model = find_blazeface_model("");
        if (!model || !blazeface_runtime(*model).runs)
            GTEST_SKIP() << "BlazeFace model not fetched (scripts/fetch-models.sh) or not runnable by this OpenCV";
    }
    auto source = make_frame_source(std::string("sim:") + c.scenario + ",face=" + test::face_photo(c.face),
                                    test::sim_options(640, 480));
    const EvalResult r = evaluate(*source, options);
    EXPECT_EQ(r.analyzer, c.analyzer);
    EXPECT_GT(r.scored_ticks, 500u);
    EXPECT_GE(r.macro_f1, 0.95);
    if (c.good_only) {
        EXPECT_EQ(r.alerts, 0);
    }
    EXPECT_EQ(r.alerts_in_good, 0);
    const double hold_plus_two_s = (options.tracker.enter_ticks + 2) * options.cadence.count() / 1000.0;
    EXPECT_LE(r.mean_detect_delay_s, hold_plus_two_s);
    EXPECT_EQ(r.missed_changes, 0);
}

INSTANTIATE_TEST_SUITE_P(Sim, SuiteTargets,
                         ::testing::Values(Case{"slouch", "blazeface", "astronaut_mirror_bright.png", false},
                                           Case{"glances", "blazeface", "astronaut.png", true},
                                           Case{"monitor", "mesh", "astronaut_dark_gamma.png", true},
                                           Case{"phone", "mesh", "astronaut_rotated_soft.png", false},
                                           Case{"talking", "mesh", "desk-man.png", true},
                                           Case{"papers", "blazeface", "desk-man.png", false},
                                           Case{"tilt", "cascade", "astronaut.png", false}),
                         [](const auto& param_info) {
                             return std::string(param_info.param.scenario) + "_" + param_info.param.analyzer;
                         });

}  // namespace
}  // namespace pg::eval
