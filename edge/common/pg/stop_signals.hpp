#pragma once

#include <atomic>

namespace pg {

// SIGINT/SIGTERM only set this flag (async-signal-safe); the main loop polls it.
// Installed without SA_RESTART so a sleeping loop wakes at once.
const std::atomic<bool>& install_stop_signals();
void request_stop();

}  // namespace pg
