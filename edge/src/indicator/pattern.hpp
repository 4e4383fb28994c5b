#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pg {

// A buzz pattern: alternating on/off steps. Short enough that a person hears it as
// one signal; the PatternPlayer (not the pattern) guarantees the maximum on-time.
struct Pattern {
    struct Step {
        bool on = false;
        std::chrono::milliseconds length{0};
    };
    std::string name;
    std::vector<Step> steps;

    std::chrono::milliseconds total() const;
};

// Named patterns: short, double, long, escalating.
std::optional<Pattern> named_pattern(std::string_view name);
// The posture alert for an escalation level: 1 short, 2 double, 3+ escalating.
Pattern alert_pattern(int level);
Pattern break_pattern();      // long
Pattern buzz_test_pattern();  // long: loud enough to find the buzzer, bounded by max_on

}  // namespace pg
