#include "vision/metrics_filter.hpp"

#include <gtest/gtest.h>

namespace pg {
namespace {

PostureMetrics head(double pitch, double roll, double ratio = 1.0) {
    PostureMetrics m;
    m.width_ratio = ratio;
    m.has_head = true;
    m.pitch_deg = pitch;
    m.roll_deg = roll;
    return m;
}

TEST(MetricsFilter, ANodWhileTalkingDoesNotMoveTheHeadsMedian) {
    MetricsFilter f(1, 5);
    const double pitches[] = {0, 2, 30, 1, -1, 28, 0, 3};  // two quick nods
    double worst = 0;
    for (double p : pitches) worst = std::max(worst, f.update(head(p, 0)).pitch_deg);
    EXPECT_LE(worst, 3.0);
}

TEST(MetricsFilter, AHeadHeldDownShowsWithinHalfTheWindow) {
    MetricsFilter f(1, 5);
    for (int i = 0; i < 5; ++i) f.update(head(0, 0));
    EXPECT_NEAR(f.update(head(30, 0)).pitch_deg, 0.0, 1e-9);
    EXPECT_NEAR(f.update(head(31, 0)).pitch_deg, 0.0, 1e-9);
    EXPECT_NEAR(f.update(head(32, 0)).pitch_deg, 30.0, 1e-9);  // three of five: the median moves
}

TEST(MetricsFilter, BodyAndHeadWindowsAreSeparate) {
    MetricsFilter f(1, 5);
    f.update(head(0, 0, 1.0));
    const PostureMetrics m = f.update(head(20, 20, 1.3));
    EXPECT_DOUBLE_EQ(m.width_ratio, 1.3);  // a window of one passes the body through
    EXPECT_DOUBLE_EQ(m.roll_deg, 10.0);    // two values: their mean
}

TEST(MetricsFilter, NoStaleAnglesAfterAFrameWithoutHeadOrAReset) {
    MetricsFilter f(3, 5);
    for (int i = 0; i < 5; ++i) f.update(head(30, 20, 1.2));
    PostureMetrics none;
    none.width_ratio = 1.0;
    EXPECT_FALSE(f.update(none).has_head);
    EXPECT_DOUBLE_EQ(f.update(head(1, 2)).pitch_deg, 1.0);
    f.reset();
    EXPECT_DOUBLE_EQ(f.update(head(5, 5, 1.0)).width_ratio, 1.0);
}

}  // namespace
}  // namespace pg
