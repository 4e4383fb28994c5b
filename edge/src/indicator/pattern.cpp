#include "indicator/pattern.hpp"

namespace pg {
namespace {

using std::chrono::milliseconds;

Pattern make(std::string name, std::initializer_list<int> on_off_ms) {
    Pattern p{std::move(name), {}};
    bool on = true;
    for (int ms : on_off_ms) {
        p.steps.push_back({on, milliseconds(ms)});
        on = !on;
    }
    return p;
}

}  // namespace

milliseconds Pattern::total() const {
    milliseconds t{0};
    for (const auto& s : steps) t += s.length;
    return t;
}

std::optional<Pattern> named_pattern(std::string_view name) {
    if (name == "short") return make("short", {150});
    if (name == "double") return make("double", {120, 120, 120});
    if (name == "long") return make("long", {1000});
    // Three beeps, each longer: hard to ignore, still well under a second of sound.
    if (name == "escalating") return make("escalating", {100, 120, 200, 120, 400});
    return std::nullopt;
}

Pattern alert_pattern(int level) {
    if (level <= 1) return *named_pattern("short");
    if (level == 2) return *named_pattern("double");
    return *named_pattern("escalating");
}

Pattern break_pattern() { return *named_pattern("long"); }
Pattern buzz_test_pattern() { return *named_pattern("long"); }

}  // namespace pg
