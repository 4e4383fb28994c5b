#pragma once

#include "control/local_time.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pg {

// When the device watches: [monitoring] schedule, weekly ranges of wall-clock
// time in the device zone, e.g. "Mon-Fri 08:00-12:00, Mon-Fri 13:00-18:30;
// Sat 10:00-12:00". Outside them monitoring is paused and the camera stopped.
// An empty schedule means always. Wall-clock means DST moves the ranges with
// the clock on the wall: a range is as long as the clock says, even on the
// night the clocks change.
class MonitoringSchedule {
public:
    // Throws ConfigError naming monitoring.schedule, the range and what is wrong.
    MonitoringSchedule(std::string_view spec, const std::string& zone);

    bool always() const { return always_; }
    bool contains(std::int64_t t_ms) const;
    // The first moment after `t_ms` at which monitoring starts (outside a range
    // before it, inside after it); nullopt for an always-on schedule.
    std::optional<std::int64_t> next_start(std::int64_t t_ms) const;
    const std::string& spec() const { return spec_; }

private:
    // Per weekday (Mon = 0): [start, end) minutes of that local day.
    std::array<std::vector<std::pair<int, int>>, 7> days_;
    bool always_ = true;
    std::string spec_;
    LocalZone zone_;
};

}  // namespace pg
