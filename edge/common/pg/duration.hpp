#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pg {

// "600ms", "10s", "1.5s", "5m", "2h", "1d": what users type in config and options.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);
std::string format_duration(std::chrono::milliseconds d);

}  // namespace pg
