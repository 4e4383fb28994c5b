#include "pg/log.hpp"

#include <atomic>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace pg::log {
namespace {

std::atomic<Level> g_level{Level::info};
std::mutex g_mutex;

void stderr_sink(Level lvl, std::string_view category, std::string_view message) {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    tm tmv{};
    gmtime_r(&ts.tv_sec, &tmv);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tmv);
    std::fprintf(stderr, "%s.%03ldZ %-5.*s [%.*s] %.*s\n", stamp, ts.tv_nsec / 1000000,
                 static_cast<int>(to_string(lvl).size()), to_string(lvl).data(),
                 static_cast<int>(category.size()), category.data(),
                 static_cast<int>(message.size()), message.data());
}

Sink& sink() {
    static Sink s = stderr_sink;
    return s;
}

}  // namespace

std::string_view to_string(Level l) {
    switch (l) {
    case Level::trace: return "trace";
    case Level::debug: return "debug";
    case Level::info: return "info";
    case Level::warn: return "warn";
    case Level::error: return "error";
    case Level::off: return "off";
    }
    return "?";
}

bool parse_level(std::string_view name, Level& out) {
    for (auto l : {Level::trace, Level::debug, Level::info, Level::warn, Level::error, Level::off})
        if (to_string(l) == name) {
            out = l;
            return true;
        }
    return false;
}

void set_sink(Sink s) {
    std::lock_guard lock(g_mutex);
    sink() = s ? std::move(s) : Sink(stderr_sink);
}
void set_level(Level l) { g_level = l; }
Level level() { return g_level; }
bool enabled(Level l) { return l >= g_level.load(std::memory_order_relaxed) && l != Level::off; }

void write(Level lvl, std::string_view category, std::string_view message) {
    if (!enabled(lvl)) return;
    std::lock_guard lock(g_mutex);
    sink()(lvl, category, message);
}

}  // namespace pg::log
