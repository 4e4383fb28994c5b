#pragma once

#include "pg/posture_state.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace pg::eval {

// The states the headline score can average over: every judgement of the
// user's posture (too_dark is the room, not the user; it stays in the table).
// An analyzer that reads no head pose (the cascade) cannot see looking_down or
// tilt: its truth there is scored as good, and the report says so.
inline constexpr std::array<PostureState, 6> kMacroStates{PostureState::good,         PostureState::forward_head,
                                                          PostureState::slouch,       PostureState::looking_down,
                                                          PostureState::tilt,         PostureState::away};
inline constexpr std::array<PostureState, 2> kHeadPoseStates{PostureState::looking_down, PostureState::tilt};

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
    // The states of `over` that are true at least once (have support).
    std::vector<PostureState> supported(const std::vector<PostureState>& over) const;
    // Mean F1 over supported(over); nullopt when none has support (nothing
    // was scored: there is no score to report).
    std::optional<double> macro_f1(const std::vector<PostureState>& over) const;
    // True or predicted at least once.
    bool occurs(PostureState s) const;

private:
    static std::size_t index(PostureState s) { return static_cast<std::size_t>(s); }
    std::array<std::array<std::uint64_t, kPostureStateCount>, kPostureStateCount> counts_{};
};

}  // namespace pg::eval
