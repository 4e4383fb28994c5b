#include "pg/duration.hpp"

#include <charconv>
#include <cmath>

namespace pg {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    if (i == 0) return std::nullopt;
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + i, value);
    if (ec != std::errc() || ptr != text.data() + i || !std::isfinite(value) || value < 0) return std::nullopt;
    std::string_view unit = text.substr(i);
    double scale = 0;
    if (unit == "ms") scale = 1;
    else if (unit == "s") scale = 1e3;
    else if (unit == "m" || unit == "min") scale = 60e3;
    else if (unit == "h") scale = 3600e3;
    else if (unit == "d") scale = 86400e3;
    else return std::nullopt;
    double ms = value * scale;
    if (ms > 1e15) return std::nullopt;
    return std::chrono::milliseconds(static_cast<long long>(std::llround(ms)));
}

std::string format_duration(std::chrono::milliseconds d) {
    auto ms = d.count();
    if (ms % 3600000 == 0 && ms >= 3600000) return std::to_string(ms / 3600000) + "h";
    if (ms % 60000 == 0 && ms >= 60000) return std::to_string(ms / 60000) + "m";
    if (ms % 1000 == 0 && ms >= 1000) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

}  // namespace pg
