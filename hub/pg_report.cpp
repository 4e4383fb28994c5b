// pg-report: day, week and month views of the daily mart (DESIGN.md, "Report CLI").
// A thin main: options here, queries and rendering in hub_core's report library.
#include "pg/cli.hpp"
#include "pg/exit_codes.hpp"
#include "report/report_commands.hpp"
#include "report/report_error.hpp"
#include "store/schema.hpp"


#include <unistd.h>

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"pg-report: Posture Guard reports from the hub's database (opened read-only)."};
    app.require_subcommand(1);
    app.fallthrough();  // global options may also follow the subcommand
    std::string db_file, color = "auto";
    pg::hub::ReportScope scope;
    app.add_option("--db", db_file, "SQLite database written by pg-hub")->required()->type_name("FILE");
    app.add_option("--device", scope.device, "device id; needed when the database has several")->type_name("ID");
    app.add_option("--color", color, "colour the grades: auto (on a terminal), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->type_name("WHEN");
    app.footer("Grades: share of present time in good posture, A >= 85%, B >= 70%, C >= 55%, D >= 40%, else F.\n"
               "Exit codes: 0 ok, 1 missing or unreadable database, 2 usage error, 3 no data in range.");

    auto* devices = app.add_subcommand("devices", "per device: samples, batches, seq gaps, drops, dead letters");
    devices->add_flag("--json", scope.json, "JSON array; keys device, timezone, samples, batches, seq_gaps, "
                                            "dropped_samples, dead_letters, duplicates, first_seen, last_seen");
    std::optional<std::string> date, week, month;
    bool last7 = false;
    auto* day = app.add_subcommand("day", "one day: time per state, score, alerts, grade");
    day->add_option("--date", date, "YYYY-MM-DD in the device's zone (default: latest day with data)")->type_name("DATE");
    day->add_flag("--json", scope.json, "JSON instead of text");
    auto* wk = app.add_subcommand("week", "seven days as a table with the week's average");
    auto* week_opt = wk->add_option("--week", week, "ISO week YYYY-Www, Monday to Sunday")->type_name("YYYY-Www");
    wk->add_flag("--last7", last7, "the 7 days ending at the latest day with data (default)")->excludes(week_opt);
    wk->add_flag("--json", scope.json, "JSON instead of text");
    auto* cal = app.add_subcommand("calendar", "a month grid like cal, each day with its grade");
    cal->add_option("--month", month, "YYYY-MM (default: month of the latest data)")->type_name("YYYY-MM");

    if (auto rc = pg::parse_command_line(app, argc, argv)) return *rc;
    scope.color = color == "always" || (color == "auto" && isatty(STDOUT_FILENO));

    try {
        const auto db = pg::hub::open_report_database(db_file);
        pg::hub::ReportOutput out;
        if (*devices)
            out = pg::hub::report_devices(db, scope);
        else if (*day)
            out = pg::hub::report_day(db, scope, date);
        else if (*wk)
            out = pg::hub::report_week(db, scope, week);
        else
            out = pg::hub::report_calendar(db, scope, month);
        std::cout << out.text;
        return out.exit_code;
    } catch (const pg::hub::ReportError& e) {
        std::cerr << "pg-report: " << e.what() << "\n";
        return e.exit_code();
    } catch (const std::exception& e) {
        std::cerr << "pg-report: " << e.what() << "\n";
        return pg::exit_code::failure;
    }
}
