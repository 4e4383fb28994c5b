#include "source/sim/scenario.hpp"

#include <algorithm>
#include <map>
#include <mutex>

namespace pg::sim {
namespace {

struct Registry {
    std::mutex mutex;
    std::map<std::string, Scenario, std::less<>> by_name;
};

// Built lazily so registration order across translation units never matters.
Registry& registry() {
    static Registry r;
    static const bool seeded = [] {
        for (auto& s : builtin_scenarios()) r.by_name[s.name] = std::move(s);
        return true;
    }();
    (void)seeded;
    return r;
}

}  // namespace

void register_scenario(Scenario scenario) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    std::string name = scenario.name;
    r.by_name[name] = std::move(scenario);
}

const Scenario* find_scenario(std::string_view name) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    auto it = r.by_name.find(name);
    return it == r.by_name.end() ? nullptr : &it->second;
}

std::vector<const Scenario*> all_scenarios() {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    std::vector<const Scenario*> out;
    for (const auto& [name, s] : r.by_name) out.push_back(&s);
    return out;
}

std::string scenario_names() {
    std::string out;
    for (const Scenario* s : all_scenarios()) out += (out.empty() ? "" : ", ") + s->name;
    return out;
}

}  // namespace pg::sim
