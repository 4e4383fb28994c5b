#include "pg/stop_signals.hpp"

#include <csignal>

namespace pg {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_stop_signal(int) { g_stop.store(true, std::memory_order_relaxed); }
extern "C" void on_reload_signal(int) { g_reload.store(true, std::memory_order_relaxed); }

}  // namespace

const std::atomic<bool>& install_stop_signals() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    // A vanished broker socket must not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    return g_stop;
}

void request_stop() { g_stop = true; }

void install_reload_signal() {
    struct sigaction sa {};
    sa.sa_handler = on_reload_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGHUP, &sa, nullptr);
}

bool take_reload_request() { return g_reload.exchange(false, std::memory_order_relaxed); }

}  // namespace pg
