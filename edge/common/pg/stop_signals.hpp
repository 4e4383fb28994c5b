#pragma once

#include <atomic>

namespace pg {

// SIGINT/SIGTERM only set this flag (async-signal-safe); the main loop polls it.
// Installed without SA_RESTART so a sleeping loop wakes at once.
const std::atomic<bool>& install_stop_signals();
void request_stop();

// SIGHUP only sets a flag too (also without SA_RESTART: a sleep ends early and
// the loop, which must sleep again, looks at the flag). The main loop takes it.
void install_reload_signal();
// True once per SIGHUP received since the last call.
bool take_reload_request();

}  // namespace pg
