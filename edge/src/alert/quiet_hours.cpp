#include "alert/quiet_hours.hpp"

#include "pg/errors.hpp"

#include <cctz/time_zone.h>

#include <chrono>

namespace pg {

struct QuietHours::Zone {
    cctz::time_zone tz;
};

namespace {

std::optional<int> parse_hhmm(std::string_view s) {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    for (int i : {0, 1, 3, 4})
        if (s[static_cast<std::size_t>(i)] < '0' || s[static_cast<std::size_t>(i)] > '9') return std::nullopt;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59) return std::nullopt;
    return h * 60 + m;
}

}  // namespace

std::optional<std::pair<int, int>> parse_quiet_hours(std::string_view spec) {
    auto dash = spec.find('-');
    if (dash == std::string_view::npos) return std::nullopt;
    auto a = parse_hhmm(spec.substr(0, dash));
    auto b = parse_hhmm(spec.substr(dash + 1));
    if (!a || !b || *a == *b) return std::nullopt;
    return std::pair{*a, *b};
}

QuietHours::QuietHours(std::string_view spec, const std::string& zone_name) : zone_(std::make_unique<Zone>()) {
    if (spec.empty()) return;
    window_ = parse_quiet_hours(spec);
    if (!window_)
        throw ConfigError("alert.quiet_hours '" + std::string(spec) +
                          "' is not a window such as \"22:00-07:00\" (start and end must differ)");
    if (!cctz::load_time_zone(zone_name, &zone_->tz))
        throw ConfigError("device.timezone '" + zone_name + "' is not a known IANA time zone");
}

QuietHours::~QuietHours() = default;
QuietHours::QuietHours(QuietHours&&) noexcept = default;
QuietHours& QuietHours::operator=(QuietHours&&) noexcept = default;

bool QuietHours::contains(std::int64_t t_ms) const {
    if (!window_) return false;
    auto tp = std::chrono::system_clock::time_point(std::chrono::milliseconds(t_ms));
    auto cs = cctz::convert(std::chrono::time_point_cast<std::chrono::seconds>(tp), zone_->tz);
    int minute = cs.hour() * 60 + cs.minute();
    auto [start, end] = *window_;
    return start < end ? (minute >= start && minute < end) : (minute >= start || minute < end);
}

}  // namespace pg
