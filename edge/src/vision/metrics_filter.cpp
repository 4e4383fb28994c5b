#include "vision/metrics_filter.hpp"

#include <algorithm>
#include <vector>

namespace pg {

MetricsFilter::MetricsFilter(int body_window, int head_window)
    : body_window_(static_cast<std::size_t>(std::max(1, body_window))),
      head_window_(static_cast<std::size_t>(std::max(1, head_window))) {}

double MetricsFilter::push(std::deque<double>& window, double v, std::size_t size) {
    window.push_back(v);
    while (window.size() > size) window.pop_front();
    std::vector<double> sorted(window.begin(), window.end());
    const std::size_t half = sorted.size() / 2;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(half), sorted.end());
    if (sorted.size() % 2) return sorted[half];
    // Even: the mean of the two middle values; the lower one is the largest left of half.
    const double upper = sorted[half];
    const double lower = *std::max_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(half));
    return (lower + upper) / 2.0;
}

PostureMetrics MetricsFilter::update(const PostureMetrics& raw) {
    PostureMetrics m = raw;
    m.width_ratio = push(width_, raw.width_ratio, body_window_);
    m.drop = push(drop_, raw.drop, body_window_);
    if (raw.has_head) {
        m.pitch_deg = push(pitch_, raw.pitch_deg, head_window_);
        m.roll_deg = push(roll_, raw.roll_deg, head_window_);
    } else {
        // A frame without a head pose says nothing about it: no stale angles.
        pitch_.clear();
        roll_.clear();
    }
    return m;
}

void MetricsFilter::reset() {
    width_.clear();
    drop_.clear();
    pitch_.clear();
    roll_.clear();
}

}  // namespace pg
