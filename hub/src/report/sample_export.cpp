#include "report/sample_export.hpp"

#include "mart/local_day.hpp"
#include "pg/exit_codes.hpp"
#include "report/mart_reader.hpp"
#include "report/report_error.hpp"
#include "report/text_format.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace pg::hub {
namespace {

// An hour of samples at a time: at the default 600 ms cadence 6,000 rows, a few
// hundred kilobytes of text, whatever the range.
constexpr std::int64_t kChunkMs = 3600 * 1000;

// Hundredths as a decimal: -4 -> "-0.04", 112 -> "1.12".
void append_centi(std::string& out, int v) {
    char buf[16];
    const int a = std::abs(v);
    std::snprintf(buf, sizeof buf, "%s%d.%02d", v < 0 ? "-" : "", a / 100, a % 100);
    out += buf;
}

std::int64_t pruned_before(const Database& db, std::int64_t device_id) {
    auto st = db.prepare("SELECT pruned_before_ms FROM devices WHERE id = ?1");
    auto c = st.bind(device_id);
    return c.next() ? c.int64(0) : 0;
}

std::string local_day_text(std::int64_t t_ms, const LocalCalendar& cal) { return format_day(cal.day_of(t_ms)); }

}  // namespace

void append_sample_csv(std::string& out, const HotSample& h, const cctz::time_zone& tz) {
    const Sample& s = h.sample;
    const auto tp = std::chrono::time_point_cast<std::chrono::seconds>(
        std::chrono::system_clock::time_point{std::chrono::milliseconds(s.t_ms)});
    const auto local = tz.lookup(tp);
    const int offset_min = local.offset / 60;
    const int off = std::abs(offset_min);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d,%lld,",
                  static_cast<int>(local.cs.year()), local.cs.month(), local.cs.day(), local.cs.hour(),
                  local.cs.minute(), local.cs.second(), static_cast<int>(((s.t_ms % 1000) + 1000) % 1000),
                  offset_min < 0 ? '-' : '+', off / 60, off % 60, static_cast<long long>(s.t_ms));
    out += buf;
    out += to_string(s.state);
    if (is_present(s.state)) {
        out += ',' + std::to_string(s.score) + ',';
        append_centi(out, s.width_c);
        out += ',';
        append_centi(out, s.drop_c);
        out += ',' + std::to_string(s.pitch_deg) + ',' + std::to_string(s.roll_deg);
    } else {
        out += ",,,,,";
    }
    out += ',' + std::to_string(h.dur_ms) + '\n';
}

ReportOutput report_export_samples(const Database& db, const ReportScope& scope,
                                   const std::optional<std::string>& from, const std::optional<std::string>& to,
                                   std::ostream& out, const Progress& progress) {
    const auto from_day = from ? parse_day(*from) : std::nullopt;
    const auto to_day = to ? parse_day(*to) : std::nullopt;
    for (const auto& [text, parsed] : {std::pair{&from, &from_day}, std::pair{&to, &to_day}})
        if (*text && !*parsed) throw ReportError(exit_code::usage, "'" + **text + "' is not a date YYYY-MM-DD");
    if (from_day && to_day && *from_day > *to_day)
        throw ReportError(exit_code::usage, "--from " + *from + " is after --to " + *to);

    const MartReader reader(db);
    const DeviceRef device = reader.select_device(scope.device);
    const LocalCalendar cal(device.zone);
    SampleBlocks blocks(db);
    const std::int64_t horizon = pruned_before(db, device.id);
    const auto kept = blocks.time_range(device.id, horizon);
    const std::string pruned_note =
        horizon > 0 ? "; samples before " + local_day_text(horizon, cal) +
                          " are no longer kept (the hub keeps store.hot_days days of raw samples; the daily marts "
                          "still hold every day: pg-report export --format csv)"
                    : std::string();

    // Open ends default to the hot tier's first and last day.
    const cctz::civil_day today = cal.day_of(scope.now_ms);
    cctz::civil_day first = from_day ? *from_day : to_day.value_or(today);
    cctz::civil_day last = to_day ? *to_day : from_day.value_or(today);
    if (kept && !from_day) first = std::min(last, cal.day_of(kept->first));
    if (kept && !to_day) last = std::max(first, cal.day_of(kept->second));
    const std::string range = format_day(first) + " to " + format_day(last);
    std::int64_t begin = cal.span_of(first).begin_ms;
    const std::int64_t end = cal.span_of(last).end_ms;
    if (end <= horizon)
        throw ReportError(exit_code::no_data,
                          "no samples for device '" + device.name + "' from " + range + ": samples before " +
                              local_day_text(horizon, cal) + " are no longer kept (the hub keeps store.hot_days "
                              "days of raw samples); the daily marts still hold those days: pg-report export "
                              "--format csv --from " + format_day(first) + " --to " + format_day(last));
    if (!kept)
        throw ReportError(exit_code::no_data, "no raw samples kept for device '" + device.name + "'" + pruned_note);
    ReportOutput result;
    if (begin < horizon) {
        begin = horizon;
        result.warning = "samples before " + local_day_text(horizon, cal) + " are no longer kept (store.hot_days); "
                         "the export starts at " + iso8601(horizon, device.zone);
    }

    std::int64_t rows = 0;
    const std::int64_t chunks = (end - begin + kChunkMs - 1) / kChunkMs;
    std::string text;
    for (std::int64_t i = 0; i < chunks; ++i) {
        const std::int64_t t = begin + i * kChunkMs;
        text.clear();
        for (const auto& s : blocks.read(device.id, t, std::min(t + kChunkMs, end))) {
            // The header goes out with the first row: an empty range writes nothing.
            if (rows++ == 0) text += kSampleCsvHeader;
            append_sample_csv(text, s, device.zone);
        }
        out << text;
        if (progress) progress(i + 1, chunks);
    }
    out.flush();
    if (rows == 0)
        throw ReportError(exit_code::no_data, "no samples for device '" + device.name + "' from " + range +
                                                  (begin > cal.span_of(first).begin_ms ? pruned_note : ""));
    if (!out) throw ReportError(exit_code::failure, "writing the samples failed");
    return result;
}

}  // namespace pg::hub
