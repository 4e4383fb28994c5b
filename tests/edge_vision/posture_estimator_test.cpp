#include "vision/posture_estimator.hpp"

#include "vision/state_smoother.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace pg {
namespace {

using S = PostureState;

PostureMetrics m(double ratio, double drop) { return {ratio, drop, 0.0}; }

TEST(PostureEstimator, MeasuresAgainstTheBaseline) {
    const cv::Size frame(320, 240);
    const Baseline b = Baseline::from_face(cv::Rect2f(130, 70, 60, 60), frame);
    PostureMetrics same = measure(cv::Rect2f(130, 70, 60, 60), frame, b);
    EXPECT_NEAR(same.width_ratio, 1.0, 1e-6);
    EXPECT_NEAR(same.drop, 0.0, 1e-6);
    // 20 % wider, centre 30 px (half a face) lower and 60 px (a face) to the right.
    PostureMetrics moved = measure(cv::Rect2f(184, 94, 72, 72), frame, b);
    EXPECT_NEAR(moved.width_ratio, 1.2, 1e-6);
    EXPECT_NEAR(moved.drop, 0.5, 1e-6);
    EXPECT_NEAR(moved.lateral, 1.0, 1e-6);
    // The baseline is resolution independent: the same pose at 640x480.
    PostureMetrics big = measure(cv::Rect2f(368, 188, 144, 144), cv::Size(640, 480), b);
    EXPECT_NEAR(big.width_ratio, 1.2, 1e-6);
    EXPECT_NEAR(big.drop, 0.5, 1e-6);
}

TEST(PostureEstimator, ClassifiesWithHysteresis) {
    PostureEstimator e{TrackerConfig{}};
    EXPECT_EQ(e.classify(m(1.00, 0.0), S::good), S::good);
    EXPECT_EQ(e.classify(m(1.08, 0.0), S::good), S::good);            // below enter
    EXPECT_EQ(e.classify(m(1.08, 0.0), S::forward_head), S::forward_head);  // above exit
    EXPECT_EQ(e.classify(m(1.05, 0.0), S::forward_head), S::good);
    EXPECT_EQ(e.classify(m(1.12, 0.0), S::good), S::forward_head);
    EXPECT_EQ(e.classify(m(1.0, 0.30), S::good), S::good);
    EXPECT_EQ(e.classify(m(1.0, 0.30), S::slouch), S::slouch);
    EXPECT_EQ(e.classify(m(1.0, 0.40), S::good), S::slouch);
    EXPECT_EQ(e.classify(m(1.0, 0.15), S::slouch), S::good);
    EXPECT_EQ(e.classify(m(1.25, 0.20), S::good), S::forward_head);  // leaning in lowers the face too
}

// A bow about the neck brings the face closer and lower: with the pitch past
// looking_down's threshold that is what the user does, not forward head.
TEST(PostureEstimator, ABowedHeadIsLookingDownEvenWhenItComesCloser) {
    PostureEstimator e{TrackerConfig{}};
    auto head = [](double ratio, double drop, double pitch) {
        PostureMetrics p = m(ratio, drop);
        p.has_head = true;
        p.pitch_deg = pitch;
        return p;
    };
    EXPECT_EQ(e.classify(head(1.12, 0.0, 0.0), S::good), S::forward_head);   // level head: forward
    EXPECT_EQ(e.classify(head(1.12, 0.4, 30.0), S::good), S::looking_down);  // bowed: looking down
    EXPECT_EQ(e.classify(head(1.12, 0.0, 30.0), S::forward_head), S::looking_down);
    EXPECT_EQ(e.classify(head(1.12, 0.0, 20.0), S::good), S::forward_head);  // below its threshold
    EXPECT_EQ(e.classify(head(1.12, 0.0, 20.0), S::looking_down), S::looking_down);  // above its exit
}

TEST(PostureEstimator, ScoresFallPastTheThresholds) {
    PostureEstimator e{TrackerConfig{}};
    EXPECT_EQ(e.score(m(1.0, 0.0)), 100);
    EXPECT_EQ(e.score(m(0.9, -0.3)), 100);  // leaning back / sitting tall is fine
    EXPECT_EQ(e.score(m(1.10, 0.0)), 70);   // right at forward_enter
    EXPECT_EQ(e.score(m(1.0, 0.35)), 70);   // right at slouch_enter
    EXPECT_EQ(e.score(m(1.20, 0.0)), 35);
    EXPECT_EQ(e.score(m(1.5, 0.0)), 0);
    EXPECT_GT(e.score(m(1.05, 0.0)), e.score(m(1.08, 0.0)));
    EXPECT_LT(e.score(m(1.10, 0.35)), e.score(m(1.10, 0.0)));  // both at once is worse
}

std::vector<S> run(StateSmoother& s, const std::vector<S>& raw) {
    std::vector<S> out;
    for (S r : raw) out.push_back(s.update(r));
    return out;
}

TEST(StateSmoother, OneOddFrameNeverFlipsTheState) {
    StateSmoother s(3, 3, 3, S::good);
    auto out = run(s, {S::good, S::forward_head, S::good, S::slouch, S::good, S::forward_head, S::slouch,
                       S::forward_head, S::good});
    for (S o : out) EXPECT_EQ(o, S::good);
}

TEST(StateSmoother, NeedsNConsecutiveTicksToEnter) {
    StateSmoother s(3, 3, 3, S::good);
    auto out = run(s, {S::forward_head, S::forward_head, S::forward_head, S::forward_head});
    EXPECT_EQ(out, (std::vector<S>{S::good, S::good, S::forward_head, S::forward_head}));
    StateSmoother five(5, 5, 2, S::good);
    out = run(five, {S::slouch, S::slouch, S::slouch, S::slouch, S::slouch});
    EXPECT_EQ(out.back(), S::slouch);
    EXPECT_EQ(out[3], S::good);
}

TEST(StateSmoother, NeedsMConsecutiveTicksToLeave) {
    StateSmoother s(3, 3, 4, S::forward_head);
    auto out = run(s, {S::good, S::good, S::good, S::forward_head, S::good, S::good, S::good, S::good});
    EXPECT_EQ(out, (std::vector<S>{S::forward_head, S::forward_head, S::forward_head, S::forward_head,
                                   S::forward_head, S::forward_head, S::forward_head, S::good}));
}

TEST(StateSmoother, HeadPosturesHaveTheirOwnDwell) {
    StateSmoother s(2, 5, 2, S::good);
    auto out = run(s, {S::tilt, S::tilt, S::tilt, S::tilt, S::tilt});
    EXPECT_EQ(out, (std::vector<S>{S::good, S::good, S::good, S::good, S::tilt}));
    StateSmoother d(2, 4, 2, S::good);
    out = run(d, {S::looking_down, S::looking_down, S::looking_down, S::slouch, S::slouch});
    EXPECT_EQ(out, (std::vector<S>{S::good, S::good, S::good, S::good, S::slouch}));
}

TEST(StateSmoother, AwayIsImmediateAndReturningTakesExitTicks) {
    StateSmoother s(3, 3, 2, S::good);
    EXPECT_EQ(s.update(S::away), S::away);
    EXPECT_EQ(s.update(S::good), S::away);
    EXPECT_EQ(s.update(S::good), S::good);
}

// The estimator and smoother together on a scripted metric sequence: a ratio
// hovering between exit and enter keeps whichever state it is in.
TEST(StateSmoother, HysteresisWithTheEstimator) {
    PostureEstimator e{TrackerConfig{}};
    StateSmoother s(3, 3, 3, S::good);
    const std::vector<double> ratios{1.00, 1.08, 1.09, 1.08, 1.12, 1.13, 1.12, 1.08, 1.07, 1.09, 1.08,
                                     1.04, 1.03, 1.05, 1.00};
    std::vector<S> out;
    for (double r : ratios) out.push_back(s.update(e.classify(m(r, 0.0), s.state())));
    const std::vector<S> want{S::good, S::good, S::good, S::good, S::good, S::good, S::forward_head,
                              S::forward_head, S::forward_head, S::forward_head, S::forward_head,
                              S::forward_head, S::forward_head, S::good, S::good};
    EXPECT_EQ(out, want);
}

}  // namespace
}  // namespace pg
