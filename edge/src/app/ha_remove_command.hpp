#pragma once

#include "app/edge_config.hpp"

#include <atomic>
#include <chrono>
#include <ostream>

namespace pg {

// `pg-edge ha-remove`: clears this device from Home Assistant — an empty
// retained payload on every discovery topic recorded in the state directory and
// on the one the configuration announces — then forgets the record. Connects
// with its own client id, so a running pg-edge keeps its session; a running
// pg-edge with discovery on announces the device again on its next connect.
// Exit codes: 0 cleared, 1 broker unreachable or no acknowledgement in `timeout`.
int run_ha_remove_command(const EdgeConfig& config, std::ostream& out, std::ostream& err,
                          const std::atomic<bool>& stop, std::chrono::seconds timeout = std::chrono::seconds(15));

}  // namespace pg
