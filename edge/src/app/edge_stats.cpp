#include "app/edge_stats.hpp"

#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include <cmath>
#include <fstream>

namespace pg {
namespace {

double process_cpu_s() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double round1(double x) { return std::round(x * 10) / 10; }

}  // namespace

EdgeStats::EdgeStats(std::string version, std::string zone, std::chrono::milliseconds interval)
    : version_(std::move(version)), interval_(interval), cpu_at_window_s_(process_cpu_s()) {
    if (!cctz::load_time_zone(zone, &zone_)) zone_ = cctz::utc_time_zone();
}

void EdgeStats::frame_analysed(std::chrono::microseconds analysis_time) {
    ++frames_;
    analysis_total_ += analysis_time;
}

void EdgeStats::roll_day(std::int64_t t_ms) {
    const auto tp = std::chrono::system_clock::time_point(std::chrono::milliseconds(t_ms));
    const std::string day = cctz::format("%Y-%m-%d", std::chrono::time_point_cast<cctz::seconds>(tp), zone_);
    if (day == day_) return;
    day_ = day;
    good_today_ = present_today_ = alerts_today_ = 0;
}

void EdgeStats::event(const Event& e) {
    roll_day(e.t_ms);
    alerts_today_ += e.type == EventType::alert;
}

void EdgeStats::sample(const Sample& s) {
    roll_day(s.t_ms);
    if (is_present(s.state)) {
        ++present_today_;
        good_today_ += s.state == PostureState::good;
    }
}

std::optional<double> EdgeStats::cpu_temperature_c(const std::string& thermal_file) {
    std::ifstream in(thermal_file);
    long milli = 0;
    if (!(in >> milli)) return std::nullopt;
    return static_cast<double>(milli) / 1000.0;
}

void EdgeStats::set_analyzer(std::string name, std::string fallback) {
    analyzer_ = std::move(name);
    analyzer_fallback_ = std::move(fallback);
}

std::optional<std::string> EdgeStats::due(std::chrono::steady_clock::time_point now, std::size_t outbox_depth,
                                          const std::optional<std::string>& broker) {
    const auto elapsed = now - window_start_;
    if (elapsed < interval_) return std::nullopt;
    const double secs = std::chrono::duration<double>(elapsed).count();
    const double cpu_now = process_cpu_s();
    nlohmann::ordered_json j;
    j["fps"] = round1(static_cast<double>(frames_) / secs);
    j["analysis_ms"] = frames_ ? round1(static_cast<double>(analysis_total_.count()) / 1000.0 / static_cast<double>(frames_)) : 0.0;
    j["cpu_pct"] = round1(100.0 * (cpu_now - cpu_at_window_s_) / secs);
    if (auto t = cpu_temperature_c("/sys/class/thermal/thermal_zone0/temp")) j["cpu_temp_c"] = round1(*t);
    else j["cpu_temp_c"] = nullptr;
    j["uptime_s"] = std::chrono::duration_cast<std::chrono::seconds>(now - started_).count();
    j["outbox_depth"] = outbox_depth;
    // Which of mqtt.broker's list carries the device now; null while none does.
    j["broker"] = broker ? nlohmann::ordered_json(*broker) : nlohmann::ordered_json(nullptr);
    j["good_today_pct"] = present_today_ ? round1(100.0 * static_cast<double>(good_today_) / static_cast<double>(present_today_)) : 0.0;
    j["alerts_today"] = alerts_today_;
    j["version"] = version_;
    j["analyzer"] = analyzer_;
    if (analyzer_fallback_.empty()) j["analyzer_fallback"] = nullptr;
    else j["analyzer_fallback"] = analyzer_fallback_;
    window_start_ = now;
    cpu_at_window_s_ = cpu_now;
    frames_ = 0;
    analysis_total_ = {};
    return j.dump();
}

}  // namespace pg
