#pragma once

#include <functional>
#include <sstream>
#include <string>
#include <string_view>

namespace pg::log {

enum class Level { trace = 0, debug, info, warn, error, off };

std::string_view to_string(Level l);
bool parse_level(std::string_view name, Level& out);

// Libraries report through this; the application decides where it goes.
using Sink = std::function<void(Level, std::string_view category, std::string_view message)>;
void set_sink(Sink sink);
void set_level(Level level);
Level level();
bool enabled(Level level);
void write(Level level, std::string_view category, std::string_view message);

template <typename... Args>
void emit(Level lvl, std::string_view category, const Args&... args) {
    if (!enabled(lvl)) return;
    std::ostringstream os;
    (os << ... << args);
    write(lvl, category, os.str());
}
template <typename... A> void debug(std::string_view c, const A&... a) { emit(Level::debug, c, a...); }
template <typename... A> void info(std::string_view c, const A&... a) { emit(Level::info, c, a...); }
template <typename... A> void warn(std::string_view c, const A&... a) { emit(Level::warn, c, a...); }
template <typename... A> void error(std::string_view c, const A&... a) { emit(Level::error, c, a...); }

}  // namespace pg::log
