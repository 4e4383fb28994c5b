#pragma once

#include "app/edge_config.hpp"

#include <functional>
#include <string>
#include <vector>

namespace pg {

class EdgeControl;
class PostureTracker;

// What a reloaded config file (SIGHUP) changes in a running pg-edge. Alerts, the
// monitoring schedule and the log level apply at once; every other changed key
// (device id, camera, broker, cadence, GPIO, analysis...) needs a restart and
// keeps its running value.
struct ReloadPlan {
    EdgeConfig next;                        // the running config with what applies now
    std::vector<std::string> applied;       // changed keys that take effect now
    std::vector<std::string> needs_restart; // changed keys that were kept
};
ReloadPlan plan_reload(const EdgeConfig& running, const EdgeConfig& fresh);

// The main loop's SIGHUP handling: `load` reads the files again (throws
// ConfigError: refused, the running config stays), then the baseline file is
// read again. Logs what changed and what needs a restart.
void reload_config(EdgeConfig& running, const std::function<EdgeConfig()>& load, EdgeControl& control,
                   PostureTracker& tracker);

}  // namespace pg
