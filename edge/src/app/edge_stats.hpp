#pragma once

#include "pg/batch.hpp"

#include <cctz/time_zone.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace pg {

// Collects what `<prefix>/<dev>/stats` reports every interval: analysed frames
// per second, analysis time, the process's CPU share, CPU temperature where
// readable, uptime, outbox depth, version, and today's good-posture share (for
// Home Assistant's "Good posture today"), and today's posture alerts. "Today"
// is the local day in the device's zone: both start over at local midnight.
class EdgeStats {
public:
    EdgeStats(std::string version, std::string zone, std::chrono::milliseconds interval);

    void frame_analysed(std::chrono::microseconds analysis_time);
    void sample(const Sample& s);  // counts good vs present per local day
    void event(const Event& e);    // counts posture alerts per local day
    std::uint64_t alerts_today() const { return alerts_today_; }
    // The analyzer running and, when it is not the configured one, why: a
    // device on the fallback analyzer says so in every stats message.
    void set_analyzer(std::string name, std::string fallback);

    // The JSON to publish when the interval has passed (steady clock), else
    // nullopt. `broker`: the one of mqtt.broker's list the edge is connected to.
    std::optional<std::string> due(std::chrono::steady_clock::time_point now, std::size_t outbox_depth,
                                   const std::optional<std::string>& broker = std::nullopt);

    // Exposed for tests.
    static std::optional<double> cpu_temperature_c(const std::string& thermal_file);

private:
    void roll_day(std::int64_t t_ms);

    std::string version_;
    std::string analyzer_;
    std::string analyzer_fallback_;
    cctz::time_zone zone_;
    std::chrono::milliseconds interval_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point window_start_ = started_;
    double cpu_at_window_s_ = 0;
    std::uint64_t frames_ = 0;
    std::chrono::microseconds analysis_total_{0};
    std::string day_;
    std::uint64_t good_today_ = 0;
    std::uint64_t present_today_ = 0;
    std::uint64_t alerts_today_ = 0;
};

}  // namespace pg
