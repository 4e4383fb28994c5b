#include "app/tick_trace.hpp"

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <string>
#include <system_error>

namespace pg {
namespace {

std::string iso_utc(std::int64_t t_ms) {
    const std::time_t secs = static_cast<std::time_t>(t_ms >= 0 ? t_ms / 1000 : (t_ms - 999) / 1000);
    const int ms = static_cast<int>(t_ms - static_cast<std::int64_t>(secs) * 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    return buf;
}

std::string num(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

}  // namespace

TickTrace::TickTrace(const std::filesystem::path& file) : out_(file, std::ios::trunc), file_(file) {
    if (!out_) throw std::system_error(errno, std::generic_category(), "cannot create trace file " + file.string());
    out_ << "t_ms,time,truth,state,score,width_ratio,drop,pitch_deg,roll_deg,yaw_deg,judged_width_ratio,"
            "judged_drop,judged_pitch_deg,judged_roll_deg,faces,analysis_ms\n";
}

void TickTrace::write(const TickResult& tick, std::optional<PostureState> truth, double analysis_ms) {
    const Sample& s = tick.sample;
    out_ << s.t_ms << ',' << iso_utc(s.t_ms) << ',' << (truth ? to_string(*truth) : "") << ',' << to_string(s.state)
         << ',' << static_cast<int>(s.score);
    auto metrics = [&](const std::optional<PostureMetrics>& m, bool yaw) {
        if (!m) {
            out_ << (yaw ? ",,,,," : ",,,,");
            return;
        }
        out_ << ',' << num(m->width_ratio, 3) << ',' << num(m->drop, 3);
        if (m->has_head) out_ << ',' << num(m->pitch_deg, 1) << ',' << num(m->roll_deg, 1);
        else out_ << ",,";
        if (yaw) out_ << ',' << (m->has_head ? num(m->yaw_deg, 1) : "");
    };
    metrics(tick.raw, true);
    metrics(tick.judged, false);
    out_ << ',' << tick.faces << ',' << num(analysis_ms, 2) << '\n';
    // Flushed per row: a trace is for finding out what happened, including
    // just before a crash or a kill.
    out_.flush();
    if (!out_) throw std::system_error(errno, std::generic_category(), "cannot write trace file " + file_.string());
}

}  // namespace pg
