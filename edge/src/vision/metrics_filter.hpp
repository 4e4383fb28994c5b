#pragma once

#include "vision/posture_estimator.hpp"

#include <deque>

namespace pg {

// Posture is what a person holds, not what they do for a moment. People nod,
// tilt and turn while they talk; they lean in for a second to read a word. So
// each signal is judged on the median of its last few ticks: the body's
// (distance, drop) over a short window, the head's (pitch, roll) over a longer
// one, which a nod or a tilt while talking cannot move but a head held down
// over a phone moves within a few seconds. A median, not a mean: one wild
// reading (a hand over the face, a sneeze) does not pull it.
class MetricsFilter {
public:
    // Windows in ticks, at least 1 (1 = no filtering).
    MetricsFilter(int body_window, int head_window);

    // Adds one tick's raw metrics and returns what the classifier judges.
    PostureMetrics update(const PostureMetrics& raw);
    // Forgets everything (after calibration, after the user was away).
    void reset();

private:
    static double push(std::deque<double>& window, double v, std::size_t size);

    std::size_t body_window_;
    std::size_t head_window_;
    std::deque<double> width_, drop_, pitch_, roll_;
};

}  // namespace pg
