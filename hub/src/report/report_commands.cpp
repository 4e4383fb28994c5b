#include "report/report_commands.hpp"

#include "mart/local_day.hpp"
#include "pg/exit_codes.hpp"
#include "report/calendar_view.hpp"
#include "report/day_view.hpp"
#include "report/devices_view.hpp"
#include "report/mart_reader.hpp"
#include "report/report_error.hpp"
#include "report/text_format.hpp"
#include "report/week_view.hpp"

#include <cstdio>

namespace pg::hub {
namespace {

cctz::civil_day latest_day_or_throw(const MartReader& reader, const DeviceRef& device) {
    const auto latest = reader.latest_day(device.id);
    const auto day = latest ? parse_day(*latest) : std::nullopt;
    if (!day) throw ReportError(exit_code::no_data, "no data for device '" + device.name + "' yet");
    return *day;
}

std::optional<cctz::civil_month> parse_month(std::string_view text) {
    int y = 0, m = 0;
    char tail = 0;
    if (text.size() != 7 || std::sscanf(std::string(text).c_str(), "%4d-%2d%c", &y, &m, &tail) != 2 || m < 1 ||
        m > 12)
        return std::nullopt;
    return cctz::civil_month(y, m);
}

std::string with_newline(std::string s) { return s.empty() || s.back() == '\n' ? s : s + "\n"; }

}  // namespace

ReportOutput report_devices(const Database& db, const ReportScope& scope) {
    const auto all = load_device_summaries(db);
    if (scope.json) return {with_newline(devices_json(all).dump(2)), all.empty() ? exit_code::no_data : exit_code::ok};
    if (all.empty()) throw ReportError(exit_code::no_data, "the database has no devices yet");
    return {render_devices(all), exit_code::ok};
}

ReportOutput report_day(const Database& db, const ReportScope& scope, const std::optional<std::string>& date) {
    // Arguments first: a typo is a usage error whatever the database holds.
    const auto parsed = date ? parse_day(*date) : std::nullopt;
    if (date && !parsed) throw ReportError(exit_code::usage, "--date '" + *date + "' is not a date YYYY-MM-DD");
    const MartReader reader(db);
    const DeviceRef device = reader.select_device(scope.device);
    cctz::civil_day day;
    if (parsed) {
        day = *parsed;
    } else {
        day = latest_day_or_throw(reader, device);
    }
    const std::string key = format_day(day);
    const auto rows = reader.days(device.id, key, key);
    if (rows.empty()) throw ReportError(exit_code::no_data, "no data for device '" + device.name + "' on " + key);
    const DayStats& stats = rows.begin()->second;
    if (scope.json) return {with_newline(day_json(device, stats).dump(2))};
    return {render_day(device, stats, scope.color)};
}

ReportOutput report_week(const Database& db, const ReportScope& scope, const std::optional<std::string>& iso_week) {
    const auto monday = iso_week ? parse_iso_week(*iso_week) : std::nullopt;
    if (iso_week && !monday)
        throw ReportError(exit_code::usage, "--week '" + *iso_week + "' is not an ISO week YYYY-Www");
    const MartReader reader(db);
    const DeviceRef device = reader.select_device(scope.device);
    cctz::civil_day first;
    std::string title;
    if (monday) {
        first = *monday;
        title = "week " + *iso_week;
    } else {
        first = latest_day_or_throw(reader, device) - 6;
        title = "last 7 days";
    }
    const auto rows = reader.days(device.id, format_day(first), format_day(first + 6));
    if (rows.empty())
        throw ReportError(exit_code::no_data, "no data for device '" + device.name + "' from " + format_day(first) +
                                                  " to " + format_day(first + 6));
    if (scope.json) return {with_newline(week_json(device, title, first, rows).dump(2))};
    return {render_week(device, title, first, rows, scope.color)};
}

ReportOutput report_calendar(const Database& db, const ReportScope& scope, const std::optional<std::string>& month) {
    const auto parsed = month ? parse_month(*month) : std::nullopt;
    if (month && !parsed) throw ReportError(exit_code::usage, "--month '" + *month + "' is not a month YYYY-MM");
    const MartReader reader(db);
    const DeviceRef device = reader.select_device(scope.device);
    cctz::civil_month m;
    if (parsed) {
        m = *parsed;
    } else {
        m = cctz::civil_month(latest_day_or_throw(reader, device));
    }
    const cctz::civil_day first(m);
    const cctz::civil_day last = cctz::civil_day(m + 1) - 1;
    const auto rows = reader.days(device.id, format_day(first), format_day(last));
    const std::string name = std::string(month_name(m.month())) + " " + std::to_string(m.year());
    if (rows.empty()) throw ReportError(exit_code::no_data, "no data for device '" + device.name + "' in " + name);
    return {render_calendar(device, static_cast<int>(m.year()), m.month(), rows, scope.color)};
}

}  // namespace pg::hub
