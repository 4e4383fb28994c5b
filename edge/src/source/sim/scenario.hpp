#pragma once

#include "source/sim/day_script.hpp"
#include "source/sim/random.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pg::sim {

// A named script for the simulated camera. `script_day` writes day `day_index`
// (0-based) of the run; `rng` is that day's own stream, so days differ with the
// seed yet each day is reproducible on its own.
struct Scenario {
    std::string name;
    std::string description;
    std::function<DayScript(int day_index, Random& rng)> script_day;
};

// The registry: the built-in scenarios plus any registered at start-up (later
// work and tests add theirs). Names are unique; registering a name again replaces it.
void register_scenario(Scenario scenario);
const Scenario* find_scenario(std::string_view name);
std::vector<const Scenario*> all_scenarios();
std::string scenario_names();  // "quick, workday" for error messages

// Defined in scenarios_builtin.cpp (workday, quick), scenarios_suite.cpp and
// scenarios_head.cpp (the evaluation suite, one situation each).
std::vector<Scenario> builtin_scenarios();
std::vector<Scenario> suite_scenarios();
std::vector<Scenario> head_scenarios();

}  // namespace pg::sim
