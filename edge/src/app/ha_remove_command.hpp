#pragma once

#include "app/edge_config.hpp"

#include <atomic>
#include <chrono>
#include <ostream>

namespace pg {

// `pg-edge ha-remove`: clears this device from Home Assistant — an empty
// retained payload on every discovery topic recorded in the state directory and
// on the one the configuration announces — then forgets the record. Refuses
// while the device's availability says `online` (a running pg-edge would
// announce it again at its next connect) unless `force`.
// Exit codes: 0 cleared, 1 device online, broker unreachable or no
// acknowledgement within `timeout`.
int run_ha_remove_command(const EdgeConfig& config, std::ostream& out, std::ostream& err,
                          const std::atomic<bool>& stop, std::chrono::seconds timeout = std::chrono::seconds(15),
                          bool force = false);

}  // namespace pg
