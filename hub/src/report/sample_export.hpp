#pragma once

#include "mart/tiers.hpp"
#include "report/report_commands.hpp"
#include "store/database.hpp"
#include "store/sample_blocks.hpp"

#include <cctz/time_zone.h>

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace pg::hub {

// The CSV header of `export --samples`: one row per analysed tick.
inline constexpr std::string_view kSampleCsvHeader = "time,unix_ms,state,score,width,drop,pitch,roll,duration_ms\n";

// Appends one row: local time with milliseconds and the zone's offset, the state,
// the score and the metrics as the device measured them (width and drop in
// calibrated units, pitch and roll in degrees). Score and metrics are empty when
// the posture was not judged (away, paused, too dark, ...): nothing was measured.
void append_sample_csv(std::string& out, const HotSample& s, const cctz::time_zone& tz);

// Raw samples of one device for the local days [from, to] (default: every day the
// hot tier still holds) as CSV onto `out`. Streamed an hour at a time, so a month
// costs no more memory than an hour. Throws ReportError: usage for bad dates, no
// data when the range holds no samples — naming the prune horizon when the hot
// tier no longer keeps them. A range that starts before the horizon is exported
// from it, with a warning saying so.
ReportOutput report_export_samples(const Database& db, const ReportScope& scope,
                                   const std::optional<std::string>& from, const std::optional<std::string>& to,
                                   std::ostream& out, const Progress& progress = {});

}  // namespace pg::hub
