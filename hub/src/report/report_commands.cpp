#include "report/report_commands.hpp"

#include "mart/iso_week.hpp"
#include "mart/local_day.hpp"
#include "mart/rollup_store.hpp"
#include "pg/exit_codes.hpp"
#include "report/calendar_view.hpp"
#include "report/day_view.hpp"
#include "report/devices_view.hpp"
#include "report/export_view.hpp"
#include "report/html_page.hpp"
#include "report/mart_reader.hpp"
#include "report/report_error.hpp"
#include "report/text_format.hpp"
#include "report/week_view.hpp"

#include <cstdio>
#include <fstream>

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

cctz::civil_day today(const DeviceRef& device, const ReportScope& scope) {
    return LocalCalendar(device.zone).day_of(scope.now_ms);
}

// Why seven days ending today are empty, and where the data is instead.
std::string no_data_in_last7(const MartReader& reader, const DeviceRef& device, const cctz::civil_day& first) {
    std::string msg = "no data for device '" + device.name + "' in the last 7 days (" + format_day(first) + " to " +
                      format_day(first + 6) + ")";
    const auto latest = reader.latest_day(device.id);
    const auto day = latest ? parse_day(*latest) : std::nullopt;
    if (day) msg += "; the latest day with data is " + *latest + " (--week " + week_key(*day) + ")";
    return msg;
}

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
    const auto rows = reader.days(device.id, key, key, true);
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
        first = today(device, scope) - 6;
        title = "last 7 days";
    }
    const auto rows = reader.days(device.id, format_day(first), format_day(first + 6));
    if (rows.empty() && !monday) throw ReportError(exit_code::no_data, no_data_in_last7(reader, device, first));
    if (rows.empty())
        throw ReportError(exit_code::no_data, "no data for device '" + device.name + "' from " + format_day(first) +
                                                  " to " + format_day(first + 6));
    const auto before = reader.days(device.id, format_day(first - 7), format_day(first - 1));
    if (scope.json) return {with_newline(week_json(device, title, first, rows, before).dump(2))};
    return {render_week(device, title, first, rows, before, scope.color)};
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

ReportOutput report_export(const Database& db, const ReportScope& scope, const std::string& format,
                           const std::optional<std::string>& from, const std::optional<std::string>& to,
                           std::ostream& out, const Progress& progress) {
    if (format != "csv" && format != "json")
        throw ReportError(exit_code::usage, "--format '" + format + "' is not csv or json");
    for (const auto* d : {&from, &to})
        if (*d && !parse_day(**d)) throw ReportError(exit_code::usage, "'" + **d + "' is not a date YYYY-MM-DD");
    const MartReader reader(db);
    std::vector<DeviceRef> devices;
    if (scope.device || reader.devices().size() == 1)
        devices.push_back(reader.select_device(scope.device));
    else
        devices = reader.devices();
    std::vector<DeviceDays> rows;
    bool any = false;
    for (auto& d : devices) {
        auto days = reader.days(d.id, from.value_or("0000-01-01"), to.value_or("9999-12-31"));
        any = any || !days.empty();
        rows.push_back({std::move(d), std::move(days)});
    }
    if (!any) throw ReportError(exit_code::no_data, "no data in the range asked for");
    if (format == "csv")
        write_export_csv(out, rows, progress);
    else
        write_export_json(out, rows, progress);
    return {};
}

ReportOutput report_html(const Database& db, const ReportScope& scope, const std::optional<std::string>& date,
                         const std::string& file) {
    const auto parsed = date ? parse_day(*date) : std::nullopt;
    if (date && !parsed) throw ReportError(exit_code::usage, "--date '" + *date + "' is not a date YYYY-MM-DD");
    const MartReader reader(db);
    HtmlInput in;
    in.device = reader.select_device(scope.device);
    const cctz::civil_day day = parsed ? *parsed : latest_day_or_throw(reader, in.device);
    const std::string key = format_day(day);
    // The seven days end at the day asked for, or today: "last week" as the user means it.
    in.last7_first = (parsed ? *parsed : today(in.device, scope)) - 6;
    in.month = cctz::civil_month(day);
    const cctz::civil_day from = std::min(in.last7_first - 7, cctz::civil_day(in.month));
    const cctz::civil_day to = std::max(in.last7_first + 6, cctz::civil_day(in.month + 1) - 1);
    in.days = reader.days(in.device.id, format_day(from), format_day(to), true);
    auto it = in.days.find(key);
    if (it == in.days.end()) throw ReportError(exit_code::no_data, "no data for device '" + in.device.name + "' on " + key);
    in.day = it->second;
    in.day_span = LocalCalendar(in.device.zone).span_of(day);
    RollupStore rollups(db);
    in.minutes = rollups.load(in.device.id, in.day_span);
    std::ofstream f(file, std::ios::binary | std::ios::trunc);
    f << render_html(in);
    f.close();
    if (!f) throw ReportError(exit_code::failure, "cannot write " + file);
    return {"wrote " + file + "\n"};
}

}  // namespace pg::hub
