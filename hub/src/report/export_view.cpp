#include "report/export_view.hpp"

#include "mart/grade.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace pg::hub {
namespace {

constexpr PostureState kExported[] = {PostureState::good,         PostureState::forward_head, PostureState::slouch,
                                      PostureState::looking_down, PostureState::tilt,         PostureState::away};

double seconds(std::int64_t ms) { return static_cast<double>(ms) / 1000.0; }

std::string secs_text(std::int64_t ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", seconds(ms));
    return buf;
}

std::int64_t count(const std::vector<DeviceDays>& rows) {
    std::int64_t n = 0;
    for (const auto& r : rows) n += static_cast<std::int64_t>(r.days.size());
    return n;
}

// Device ids and zones are plain ASCII without commas or quotes, so no CSV quoting is needed.
std::string csv_line(const DeviceRef& dev, const DayStats& d) {
    const auto opt = [](std::optional<int> v) { return v ? std::to_string(*v) : std::string(); };
    char avg[32] = "";
    if (d.score_n) std::snprintf(avg, sizeof avg, "%.2f", d.avg_score());
    std::string out = dev.name + "," + d.day + "," + dev.tz + "," + secs_text(d.monitored_ms) + "," +
                      secs_text(d.present_ms);
    for (auto s : kExported) out += "," + secs_text(d.ms(s));
    const auto g = grade_of(d);
    out += std::string(",") + avg + "," + opt(d.p10) + "," + opt(d.p50) + "," + opt(d.p90) + "," +
           std::to_string(d.alerts) + "," + std::to_string(d.snoozes) + "," + std::to_string(d.calibrations) + "," +
           secs_text(d.longest_good_ms) + "," + std::to_string(d.sessions) + "," + secs_text(d.longest_sitting_ms) +
           "," + std::to_string(d.breaks) + "," + secs_text(d.break_ms) + "," + (g ? std::string(1, *g) : "") +
           "," + secs_text(d.paused_ms());
    return out;
}

}  // namespace

void write_export_csv(std::ostream& os, const std::vector<DeviceDays>& rows, const Progress& progress) {
    os << "device,date,timezone,monitored_s,present_s";
    for (auto s : kExported) os << "," << to_string(s) << "_s";
    os << ",avg_score,score_p10,score_p50,score_p90,alerts,snoozes,calibrations,longest_good_s,sessions,"
          "longest_sitting_s,breaks,break_s,grade,paused_s\n";
    const std::int64_t total = count(rows);
    std::int64_t done = 0;
    for (const auto& r : rows)
        for (const auto& [key, d] : r.days) {
            os << csv_line(r.device, d) << "\n";
            if (progress) progress(++done, total);
        }
}

void write_export_json(std::ostream& os, const std::vector<DeviceDays>& rows, const Progress& progress) {
    nlohmann::json out = nlohmann::json::array();
    const std::int64_t total = count(rows);
    std::int64_t done = 0;
    const auto opt = [](std::optional<int> v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
    for (const auto& r : rows)
        for (const auto& [key, d] : r.days) {
            nlohmann::json j = {{"device", r.device.name}, {"date", d.day}, {"timezone", r.device.tz},
                                {"monitored_s", seconds(d.monitored_ms)}, {"present_s", seconds(d.present_ms)}};
            for (auto s : kExported) j[std::string(to_string(s)) + "_s"] = seconds(d.ms(s));
            const auto g = grade_of(d);
            j["avg_score"] = d.score_n ? nlohmann::json(d.avg_score()) : nlohmann::json(nullptr);
            j["score_p10"] = opt(d.p10);
            j["score_p50"] = opt(d.p50);
            j["score_p90"] = opt(d.p90);
            j["alerts"] = d.alerts;
            j["snoozes"] = d.snoozes;
            j["calibrations"] = d.calibrations;
            j["longest_good_s"] = seconds(d.longest_good_ms);
            j["sessions"] = d.sessions;
            j["longest_sitting_s"] = seconds(d.longest_sitting_ms);
            j["breaks"] = d.breaks;
            j["break_s"] = seconds(d.break_ms);
            j["grade"] = g ? nlohmann::json(std::string(1, *g)) : nlohmann::json(nullptr);
            j["paused_s"] = seconds(d.paused_ms());
            out.push_back(std::move(j));
            if (progress) progress(++done, total);
        }
    os << out.dump(2) << "\n";
}

}  // namespace pg::hub
