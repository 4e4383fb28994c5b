#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pg {

// A daily window of local time ("22:00-07:00", may wrap midnight) in which the
// device stays silent. Local means the device's IANA zone, so DST moves it with
// the clock on the wall.
class QuietHours {
public:
    // "" is an empty window. Throws ConfigError naming alert.quiet_hours otherwise.
    QuietHours(std::string_view spec, const std::string& zone_name);
    ~QuietHours();
    QuietHours(QuietHours&&) noexcept;
    QuietHours& operator=(QuietHours&&) noexcept;

    bool contains(std::int64_t t_ms) const;
    bool empty() const { return !window_; }

private:
    struct Zone;
    std::optional<std::pair<int, int>> window_;  // [start, end) minutes of the day
    std::unique_ptr<Zone> zone_;
};

// "HH:MM-HH:MM" -> minutes of the day; nullopt if malformed.
std::optional<std::pair<int, int>> parse_quiet_hours(std::string_view spec);

}  // namespace pg
