#pragma once

#include "pg/posture_state.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace pg::eval {

// The states the headline score is averaged over: the ones every analyzer
// must tell apart (looking down and tilt need landmarks, too_dark is the room).
inline constexpr std::array<PostureState, 4> kMacroStates{PostureState::good, PostureState::forward_head,
                                                          PostureState::slouch, PostureState::away};

struct StateScore {
    double precision = 0.0;
    double recall = 0.0;
    double f1 = 0.0;
    std::uint64_t support = 0;    // ticks whose truth is this state
    std::uint64_t predicted = 0;  // ticks predicted as this state
};

// Counts of (truth, predicted) per tick over every posture state.
class ConfusionMatrix {
public:
    void add(PostureState truth, PostureState predicted) { ++counts_[index(truth)][index(predicted)]; }
    std::uint64_t count(PostureState truth, PostureState predicted) const {
        return counts_[index(truth)][index(predicted)];
    }
    std::uint64_t total() const;

    // Precision/recall/F1 of one state against all others. A state never true
    // and never predicted scores 1 (nothing to get wrong); one predicted but never
    // true has recall 1 and precision 0.
    StateScore score(PostureState s) const;
    // Mean F1 over the states of `over` that occur in the truth or the
    // predictions; 1 when none does.
    double macro_f1(const std::vector<PostureState>& over) const;
    // True or predicted at least once.
    bool occurs(PostureState s) const;

private:
    static std::size_t index(PostureState s) { return static_cast<std::size_t>(s); }
    std::array<std::array<std::uint64_t, kPostureStateCount>, kPostureStateCount> counts_{};
};

}  // namespace pg::eval
