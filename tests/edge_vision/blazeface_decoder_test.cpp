#include "vision/blazeface_decoder.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace pg::blazeface {
namespace {

TEST(BlazeFaceAnchors, MatchMediaPipesLayout) {
    const auto a = generate_anchors();
    ASSERT_EQ(a.size(), 896u);
    // 16x16 cells, two anchors each, row by row.
    EXPECT_FLOAT_EQ(a[0].x, 0.5f / 16);
    EXPECT_FLOAT_EQ(a[0].y, 0.5f / 16);
    EXPECT_EQ(a[0], a[1]);
    EXPECT_FLOAT_EQ(a[2].x, 1.5f / 16);
    EXPECT_FLOAT_EQ(a[32].y, 1.5f / 16);
    EXPECT_FLOAT_EQ(a[511].x, 15.5f / 16);
    // Then 8x8 cells with the three stride-16 layers' six anchors pooled.
    EXPECT_FLOAT_EQ(a[512].x, 0.5f / 8);
    EXPECT_EQ(a[512], a[517]);
    EXPECT_FLOAT_EQ(a[518].x, 1.5f / 8);
    EXPECT_FLOAT_EQ(a[895].x, 7.5f / 8);
    EXPECT_FLOAT_EQ(a[895].y, 7.5f / 8);
}

struct Raw {
    std::vector<float> logits = std::vector<float>(kAnchorCount, -10.0f);
    std::vector<float> boxes = std::vector<float>(kAnchorCount * kRegressors, 0.0f);
    void face(int anchor, float logit, float dx, float dy, float w, float h) {
        logits[static_cast<std::size_t>(anchor)] = logit;
        float* r = &boxes[static_cast<std::size_t>(anchor) * kRegressors];
        r[0] = dx;
        r[1] = dy;
        r[2] = w;
        r[3] = h;
        for (int k = 0; k < kKeypointCount; ++k) {
            r[4 + 2 * k] = dx + static_cast<float>(k);
            r[5 + 2 * k] = dy - 1.0f;
        }
    }
};

TEST(BlazeFaceDecode, OffsetsAreInInputPixelsFromTheAnchor) {
    Raw raw;
    raw.face(600, 2.0f, 6.4f, -3.2f, 32.0f, 25.6f);
    const auto anchors = generate_anchors();
    const auto d = decode(raw.logits.data(), raw.boxes.data(), anchors, 0.5f);
    ASSERT_EQ(d.size(), 1u);
    const cv::Point2f a = anchors[600];
    EXPECT_NEAR(d[0].box.x + d[0].box.width / 2, a.x + 0.05f, 1e-5);
    EXPECT_NEAR(d[0].box.y + d[0].box.height / 2, a.y - 0.025f, 1e-5);
    EXPECT_NEAR(d[0].box.width, 0.25f, 1e-5);
    EXPECT_NEAR(d[0].box.height, 0.2f, 1e-5);
    EXPECT_NEAR(d[0].score, 1.0f / (1.0f + std::exp(-2.0f)), 1e-6);
    EXPECT_NEAR(d[0].keypoints[nose].x, a.x + (6.4f + 2.0f) / 128, 1e-5);
    EXPECT_NEAR(d[0].keypoints[nose].y, a.y + (-3.2f - 1.0f) / 128, 1e-5);
}

TEST(BlazeFaceDecode, DropsLowScoresAndClipsHugeLogits) {
    Raw raw;
    raw.face(10, 0.1f, 0, 0, 20, 20);    // p = 0.52 < 0.6
    raw.face(20, 1e9f, 0, 0, 20, 20);    // clipped, no inf/NaN
    raw.face(30, 3.0f, 0, 0, -5, 20);    // degenerate box
    const auto d = decode(raw.logits.data(), raw.boxes.data(), generate_anchors(), 0.6f);
    ASSERT_EQ(d.size(), 1u);
    EXPECT_FLOAT_EQ(d[0].score, 1.0f);
}

Detection box(float x, float y, float w, float score) {
    Detection d;
    d.box = cv::Rect2f(x, y, w, w);
    d.score = score;
    for (auto& p : d.keypoints) p = {x, y};
    return d;
}

TEST(BlazeFaceNms, MergesOverlapsWeightedByScoreAndKeepsSeparateFaces) {
    std::vector<Detection> in{box(0.10f, 0.10f, 0.2f, 0.6f), box(0.12f, 0.10f, 0.2f, 0.9f),
                              box(0.70f, 0.70f, 0.1f, 0.8f)};
    const auto out = weighted_nms(in, 0.3f);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_FLOAT_EQ(out[0].score, 0.9f);  // the best one's score
    EXPECT_NEAR(out[0].box.x, (0.10f * 0.6f + 0.12f * 0.9f) / 1.5f, 1e-6);
    EXPECT_NEAR(out[0].keypoints[0].x, (0.10f * 0.6f + 0.12f * 0.9f) / 1.5f, 1e-6);
    EXPECT_NEAR(out[0].box.width, 0.2f, 1e-6);
    EXPECT_FLOAT_EQ(out[1].box.x, 0.70f);
}

TEST(BlazeFaceNms, IouOfKnownBoxes) {
    EXPECT_FLOAT_EQ(iou({0, 0, 2, 2}, {1, 0, 2, 2}), 2.0f / 6.0f);
    EXPECT_FLOAT_EQ(iou({0, 0, 1, 1}, {5, 5, 1, 1}), 0.0f);
    EXPECT_FLOAT_EQ(iou({0, 0, 1, 1}, {0, 0, 1, 1}), 1.0f);
}

}  // namespace
}  // namespace pg::blazeface
