#pragma once

#include <chrono>
#include <optional>
#include <string_view>

// systemd's service notification protocol, without linking libsystemd: a single
// datagram to the AF_UNIX socket named by $NOTIFY_SOCKET (a leading '@' means the
// abstract namespace). Outside systemd (no $NOTIFY_SOCKET) every call is a no-op,
// so the binaries behave the same in a terminal, in tests and under a unit.
namespace pg::sd {

// Sends `state` (newline-separated KEY=VALUE lines) to the service manager.
// True when a datagram was sent; false when not under systemd or when sending
// failed — a lost notification is routine, never a reason to stop the service.
bool notify(std::string_view state);

// Same, to an explicit socket path (tests, and callers that captured the path).
bool notify_to(std::string_view socket_path, std::string_view state);

// The usual messages: READY=1 once set up (Type=notify waits for it), WATCHDOG=1
// from the main loop, STOPPING=1 when a clean shutdown starts, STATUS= free text
// shown by `systemctl status`.
bool notify_ready();
bool notify_watchdog();
bool notify_stopping();
bool notify_status(std::string_view text);

// The watchdog timeout systemd expects pings within ($WATCHDOG_USEC), or nullopt
// when the watchdog is off or meant for another process ($WATCHDOG_PID differs).
std::optional<std::chrono::microseconds> watchdog_timeout();

// How often to ping: half the timeout, as sd_watchdog_enabled(3) recommends.
std::optional<std::chrono::microseconds> watchdog_ping_interval();

}  // namespace pg::sd
