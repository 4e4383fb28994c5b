#pragma once

#include "mart/tiers.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

namespace pg::hub {

// What pg-report prints and how it exits. Usage problems and empty ranges are
// thrown as ReportError with their exit code; these return only on success
// (exit_code 0) or for an empty-but-valid listing (devices --json: "[]", 3).
struct ReportOutput {
    ReportOutput() = default;
    ReportOutput(std::string t, int code = 0) : text(std::move(t)), exit_code(code) {}

    std::string text;
    int exit_code = 0;
    std::string warning;  // for stderr: the output is partial, and why
};

struct ReportScope {
    std::optional<std::string> device;  // required when the database has several
    bool color = false;
    bool json = false;
    // The instant "today" is taken from, in the device's zone (pg-report: the
    // system clock; tests pin it).
    std::int64_t now_ms = 0;
};

ReportOutput report_devices(const Database& db, const ReportScope& scope);
// date: 'YYYY-MM-DD'; default the latest day with data.
ReportOutput report_day(const Database& db, const ReportScope& scope, const std::optional<std::string>& date);
// iso_week: 'YYYY-Www'; default the 7 days ending today (scope.now_ms in the device's zone).
ReportOutput report_week(const Database& db, const ReportScope& scope, const std::optional<std::string>& iso_week);
// month: 'YYYY-MM'; default the month of the latest day with data.
ReportOutput report_calendar(const Database& db, const ReportScope& scope, const std::optional<std::string>& month);

// Daily marts of [from, to] (default: everything) as CSV or JSON ("csv", "json")
// onto `out`: the selected device, or every device when none is named.
ReportOutput report_export(const Database& db, const ReportScope& scope, const std::string& format,
                           const std::optional<std::string>& from, const std::optional<std::string>& to,
                           std::ostream& out, const Progress& progress = {});
// Writes the HTML page for `date` (default: the latest day) to `file`.
ReportOutput report_html(const Database& db, const ReportScope& scope, const std::optional<std::string>& date,
                         const std::string& file);

}  // namespace pg::hub
