// Which face an analyzer keeps when it finds several (vision/face_choice.hpp).
#include "vision/face_choice.hpp"

#include <gtest/gtest.h>

using namespace pg;

namespace {

struct Found {
    cv::Rect2f box;
    double support = 0;
};

std::optional<Found> pick(const std::vector<Found>& found, const std::optional<cv::Rect2f>& anchor,
                          double min_width = 0.0) {
    return choose_face(found, anchor, min_width, [](const Found& f) { return f.box; },
                       [](const Found& f) { return f.support; });
}

}  // namespace

TEST(FaceChoice, NearestToTheAnchorWins) {
    const std::vector<Found> found{{{10, 10, 40, 40}, 9}, {{100, 20, 44, 44}, 1}};
    const auto best = pick(found, cv::Rect2f(95, 15, 40, 40));
    ASSERT_TRUE(best);
    EXPECT_EQ(best->box.x, 100);  // nearer, though less supported
}

TEST(FaceChoice, WithoutAnAnchorTheBestSupportedWinsAndTiesGoToTheFirst) {
    const std::vector<Found> found{{{10, 10, 20, 20}, 3}, {{100, 20, 60, 60}, 7}, {{200, 20, 60, 60}, 7}};
    const auto best = pick(found, std::nullopt);
    ASSERT_TRUE(best);
    EXPECT_EQ(best->box.x, 100);
}

TEST(FaceChoice, FacesNarrowerThanTheFloorAreNotCandidates) {
    // The small face sits right on the anchor, but someone that far behind is not the user.
    const std::vector<Found> found{{{98, 18, 15, 15}, 5}, {{10, 10, 40, 40}, 1}};
    const cv::Rect2f anchor(95, 15, 40, 40);
    const auto best = pick(found, anchor, kMinWidthOfExpected * anchor.width);
    ASSERT_TRUE(best);
    EXPECT_EQ(best->box.x, 10);
    EXPECT_FALSE(pick({{{98, 18, 15, 15}, 5}}, anchor, kMinWidthOfExpected * anchor.width));
    EXPECT_FALSE(pick({}, std::nullopt));
}

TEST(FaceChoice, ScaledAndCentre) {
    const cv::Rect2f r = scaled({10, 20, 30, 40}, 0.5);
    EXPECT_EQ(r, cv::Rect2f(5, 10, 15, 20));
    EXPECT_EQ(centre(r), cv::Point2f(12.5f, 20));
}
