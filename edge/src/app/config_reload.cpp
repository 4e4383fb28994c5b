#include "app/config_reload.hpp"

#include "control/edge_control.hpp"
#include "pg/config_binder.hpp"
#include "pg/log.hpp"
#include "vision/posture_tracker.hpp"

namespace pg {
namespace {

bool applies_now(const std::string& key) {
    return key.starts_with("alert.") || key == "monitoring.schedule" || key == "device.log_level";
}

std::map<std::string, std::string> values_of(EdgeConfig c) {
    ConfigBinder b;
    bind_edge_config(b, c);
    return b.values();
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& k : v) s += (s.empty() ? "" : ", ") + k;
    return s;
}

}  // namespace

ReloadPlan plan_reload(const EdgeConfig& running, const EdgeConfig& fresh) {
    ReloadPlan plan;
    plan.next = running;
    plan.next.alert = fresh.alert;
    plan.next.schedule = fresh.schedule;
    plan.next.log_level = fresh.log_level;
    const auto before = values_of(running);
    const auto after = values_of(fresh);
    for (const auto& [key, value] : after) {
        auto it = before.find(key);
        if (it != before.end() && it->second == value) continue;
        (applies_now(key) ? plan.applied : plan.needs_restart).push_back(key);
    }
    return plan;
}

void reload_config(EdgeConfig& running, const std::function<EdgeConfig()>& load, EdgeControl& control,
                   PostureTracker& tracker) {
    log::info("edge", "SIGHUP: reloading the configuration and the baseline");
    if (load) {
        try {
            ReloadPlan plan = plan_reload(running, load());
            control.reconfigure(plan.next.alert, plan.next.schedule);
            log::Level level;
            if (log::parse_level(plan.next.log_level, level)) log::set_level(level);
            running = plan.next;
            log::info("edge", "configuration reloaded", plan.applied.empty() ? "; nothing that applies now changed"
                                                                              : "; now in effect: " + join(plan.applied));
            // Values are not logged: a changed key may be a password.
            if (!plan.needs_restart.empty())
                log::warn("edge", "changed, but needs a restart (the running values are kept): ", join(plan.needs_restart));
        } catch (const std::exception& e) {
            log::error("edge", "new configuration refused, the running one is kept: ", e.what());
        }
    }
    log::info("edge", tracker.reload_baseline());
}

}  // namespace pg
