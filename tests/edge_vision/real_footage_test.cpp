// The analysis on real webcam footage (tests/data/real, MIT, see its SOURCE.md):
// a real face, real light, real head motion while talking. Small clips, so
// they test behaviour, not an accuracy figure.
#include "eval/evaluator.hpp"

#include "edge_test_support.hpp"
#include "source/frame_source.hpp"
#include "vision/face_analyzer.hpp"

#include <gtest/gtest.h>

namespace pg::eval {
namespace {

std::string clip(const std::string& name) { return std::string(PG_TEST_DATA_DIR) + "/real/" + name; }

EvalResult evaluate_clip(const std::string& name, const std::string& analyzer) {
    SourceOptions so = test::sim_options();
    so.labels_file = clip(name + ".csv");
    auto source = make_frame_source("file:" + clip(name + ".mp4"), so);
    EvalOptions options;
    options.tracker.analyzer = analyzer;
    return evaluate(*source, options);
}

// Ticks with good truth the pipeline put in a bad posture (not away: nobody left).
double bad_share_of_good(const EvalResult& r) {
    std::uint64_t bad = 0;
    for (PostureState p : {PostureState::forward_head, PostureState::slouch, PostureState::looking_down,
                           PostureState::tilt})
        bad += r.confusion.count(PostureState::good, p);
    const auto good = r.confusion.score(PostureState::good).support;
    return good ? static_cast<double>(bad) / static_cast<double>(good) : 1.0;
}

class DeskClip : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        TrackerConfig c;
        c.analyzer = GetParam();
        if (choose_analyzer(c).analyzer->name() != GetParam())
            GTEST_SKIP() << GetParam() << " needs models that are not fetched (scripts/fetch-models.sh)";
    }
};

// 53 s of one man at his desk: talking with head turns and tilts, a lean in
// towards the screen at 31.75-34.9 s, leaning back, a hand on the chin.
TEST_P(DeskClip, TheLeanInIsSeenAndTalkingIsNotBadPosture) {
    const EvalResult r = evaluate_clip("desk-clip-1", GetParam());
    ASSERT_TRUE(r.problem.empty()) << r.problem;
    EXPECT_EQ(r.calibrations, 1);
    ASSERT_GT(r.confusion.score(PostureState::good).support, 60u);
    EXPECT_LE(bad_share_of_good(r), 0.03);
    EXPECT_GE(r.confusion.count(PostureState::forward_head, PostureState::forward_head), 2u) << "lean-in not reported";
    EXPECT_EQ(r.confusion.count(PostureState::good, PostureState::away), 0u);
    EXPECT_EQ(r.alerts, 0);
}

// 19 s in which the man never sits still for the 5 s a baseline needs.
TEST_P(DeskClip, ACalibrationWithoutSteadySittingWaitsAndSaysWhy) {
    const EvalResult r = evaluate_clip("desk-clip-2", GetParam());
    EXPECT_EQ(r.scored_ticks, 0u);
    EXPECT_EQ(r.calibrations, 0);
    EXPECT_NE(r.problem.find("calibration"), std::string::npos) << r.problem;
    EXPECT_NE(r.problem.find("moved too much"), std::string::npos) << r.problem;
}

INSTANTIATE_TEST_SUITE_P(Real, DeskClip, ::testing::Values("mesh", "blazeface", "cascade"));

}  // namespace
}  // namespace pg::eval
