// pg-report: day, week and month views of the daily mart (DESIGN.md, "Report CLI").
// A thin main: options here, queries and rendering in hub_core's report library.
#include "app/hub_config.hpp"
#include "app/tty_progress.hpp"
#include "pg/cli.hpp"
#include "pg/clock.hpp"
#include "pg/errors.hpp"
#include "pg/exit_codes.hpp"
#include "report/report_commands.hpp"
#include "report/report_error.hpp"
#include "report/sample_export.hpp"
#include "store/schema.hpp"

#include <unistd.h>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"pg-report: Posture Guard reports from the hub's database (opened read-only)."};
    app.require_subcommand(1);
    app.fallthrough();  // global options may also follow the subcommand
    std::optional<std::string> db_file, store_url;
    std::string color = "auto";
    pg::hub::ReportScope scope;
    app.add_option("--db", db_file, "SQLite database written by pg-hub")->type_name("FILE");
    app.add_option("--store-url", store_url, "or the PostgreSQL database pg-hub writes (one of --db, --store-url)")
        ->type_name("postgresql://USER@HOST:PORT/DB");
    app.add_option("--device", scope.device, "device id; needed when the database has several")->type_name("ID");
    app.add_option("--color", color, "colour the grades: auto (on a terminal), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->type_name("WHEN");
    app.footer("Grades: share of present time in good posture, A >= 85%, B >= 70%, C >= 55%, D >= 40%, else F.\n"
               "Exit codes: 0 ok, 1 missing, unreadable or foreign database (or server not reachable),\n"
               "2 usage error or unknown device,\n"
               "3 no data in range.");

    auto* devices = app.add_subcommand("devices", "per device: samples, batches, seq gaps, drops, dead letters");
    devices->add_flag("--json", scope.json, "JSON array; keys device, timezone, samples, batches, seq_gaps, "
                                            "dropped_samples, dead_letters, duplicates, first_seen, last_seen");
    std::optional<std::string> date, week, month;
    bool last7 = false;
    auto* day = app.add_subcommand("day", "one day: time per state, score, alerts, grade");
    day->add_option("--date", date, "YYYY-MM-DD in the device's zone (default: latest day with data)")->type_name("DATE");
    day->add_flag("--json", scope.json, "JSON instead of text (adds percentiles, sessions, hourly profile)");
    auto* wk = app.add_subcommand("week", "seven days as a table: score per day, average, trend against the 7 "
                                          "days before");
    auto* week_opt = wk->add_option("--week", week, "ISO week YYYY-Www, Monday to Sunday")->type_name("YYYY-Www");
    wk->add_flag("--last7", last7, "the 7 days ending today in the device's zone (default)")->excludes(week_opt);
    wk->add_flag("--json", scope.json, "JSON instead of text");
    auto* cal = app.add_subcommand("calendar", "a month grid like cal, each day with its grade");
    cal->add_option("--month", month, "YYYY-MM (default: month of the latest data)")->type_name("YYYY-MM");

    std::string html_out;
    std::optional<std::string> format, from, to, html_date;
    bool samples = false;
    auto* exp = app.add_subcommand("export", "daily marts as CSV or JSON (all devices unless --device), or with "
                                             "--samples the raw samples of one device as CSV");
    exp->add_option("--format", format, "csv or json (needed for the daily marts)")
        ->check(CLI::IsMember({"csv", "json"}))
        ->type_name("csv|json");
    exp->add_flag("--samples", samples,
                  "one CSV row per analysed tick: time (device zone, with offset), unix_ms, state, score, width, "
                  "drop, pitch, roll, duration_ms; from the hot tier, which keeps store.hot_days days (exit 3 for "
                  "older days)");
    exp->add_option("--from", from, "first day YYYY-MM-DD (default: the first with data)")->type_name("DATE");
    exp->add_option("--to", to, "last day YYYY-MM-DD (default: the last with data)")->type_name("DATE");
    auto* html = app.add_subcommand("html", "one self-contained page: the day's timeline, the last 7 days with "
                                            "scores and trend, the hour-of-day profile and the month's heat map "
                                            "as inline SVG");
    html->add_option("--out", html_out, "the HTML file to write")->required()->type_name("FILE");
    html->add_option("--date", html_date, "YYYY-MM-DD: the day shown, and the last day of the 7 (default: the "
                                          "latest day with data; the 7 days end today)")
        ->type_name("DATE");

    if (auto rc = pg::parse_command_line(app, argc, argv)) return *rc;
    scope.color = color == "always" || (color == "auto" && isatty(STDOUT_FILENO));
    scope.now_ms = pg::SystemClock().now_ms();
    if (*exp && samples && format && *format != "csv") {
        std::cerr << "pg-report: export --samples writes CSV only\n";
        return pg::exit_code::usage;
    }
    if (*exp && !samples && !format) {
        std::cerr << "pg-report: export needs --format csv|json (or --samples for the raw samples)\n";
        return pg::exit_code::usage;
    }

    try {
        const auto db = pg::hub::open_report_database(pg::hub::checked_store_location(db_file, store_url));
        pg::hub::ReportOutput out;
        if (*devices)
            out = pg::hub::report_devices(db, scope);
        else if (*day)
            out = pg::hub::report_day(db, scope, date);
        else if (*wk)
            out = pg::hub::report_week(db, scope, week);
        else if (*exp) {
            pg::hub::TtyProgress progress("export");
            const auto show = [&](auto done, auto total) { progress(done, total); };
            out = samples ? pg::hub::report_export_samples(db, scope, from, to, std::cout, show)
                          : pg::hub::report_export(db, scope, *format, from, to, std::cout, show);
        } else if (*html)
            out = pg::hub::report_html(db, scope, html_date, html_out);
        else
            out = pg::hub::report_calendar(db, scope, month);
        std::cout << out.text;
        if (!out.warning.empty()) std::cerr << "pg-report: " << out.warning << "\n";
        return out.exit_code;
    } catch (const pg::ConfigError& e) {
        std::cerr << "pg-report: " << e.what() << "\n";
        return pg::exit_code::usage;
    } catch (const pg::hub::ReportError& e) {
        std::cerr << "pg-report: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "pg-report: " << e.what() << "\n";
        return pg::exit_code::failure;
    }
}
