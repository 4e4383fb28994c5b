#pragma once

#include <opencv2/core/types.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

namespace pg {

// What every analyzer does with the faces it found, in one place.

// After this many frames without a face the last position is no longer a useful
// hint (the user left, ~3 s at the default cadence); analyzers fall back to the
// calibrated position.
inline constexpr int kForgetAfterMisses = 5;
// A face never shrinks to less than this fraction of the expected width between
// ticks at a desk: anything smaller is someone behind the user, a poster or noise.
inline constexpr double kMinWidthOfExpected = 0.55;

inline cv::Rect2f scaled(const cv::Rect2f& r, double k) {
    const float f = static_cast<float>(k);
    return {r.x * f, r.y * f, r.width * f, r.height * f};
}

inline cv::Point2f centre(const cv::Rect2f& r) { return {r.x + r.width / 2, r.y + r.height / 2}; }

// Several faces (a colleague behind the user): among those at least `min_width`
// wide, the one nearest to `anchor`'s centre (where the user was, or the
// calibrated position); with no anchor the one with the most `support`. `box(f)`
// and `anchor` are in the same pixels. nullopt when no face qualifies; ties go
// to the first found.
template <class Face, class Box, class Support>
std::optional<Face> choose_face(const std::vector<Face>& found, const std::optional<cv::Rect2f>& anchor,
                                double min_width, Box box, Support support) {
    std::vector<const Face*> plausible;
    for (const Face& f : found)
        if (box(f).width >= min_width) plausible.push_back(&f);
    if (plausible.empty()) return std::nullopt;
    if (!anchor)
        return **std::max_element(plausible.begin(), plausible.end(),
                                  [&](const Face* a, const Face* b) { return support(*a) < support(*b); });
    const cv::Point2f a = centre(*anchor);
    const auto dist = [&](const Face* f) {
        const cv::Point2f v = centre(box(*f)) - a;
        return v.dot(v);
    };
    return **std::min_element(plausible.begin(), plausible.end(),
                              [&](const Face* x, const Face* y) { return dist(x) < dist(y); });
}

}  // namespace pg
