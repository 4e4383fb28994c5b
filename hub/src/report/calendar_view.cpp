#include "report/calendar_view.hpp"

#include "mart/local_day.hpp"
#include "mart/grade.hpp"
#include "report/text_format.hpp"

#include <cctz/civil_time.h>

#include <cstdio>
#include <sstream>

namespace pg::hub {
namespace {

constexpr std::size_t kCell = 4;  // " 29A": day number right-aligned, then the grade

std::string day_cell(const cctz::civil_day& day, const std::map<std::string, DayStats>& days, bool color) {
    char num[8];
    std::snprintf(num, sizeof num, "%3d", day.day());
    auto it = days.find(format_day(day));
    const auto grade = it != days.end() && it->second.has_data() ? grade_of(it->second) : std::nullopt;
    // A day with data but no present time has no grade: it shows '.', not blank,
    // so "monitored but away all day" differs from "no data"; 'p' when nothing
    // was monitored because monitoring was paused.
    if (!grade) {
        if (it == days.end() || !it->second.has_data()) return std::string(num) + " ";
        return std::string(num) + (it->second.was_monitored() ? "." : "p");
    }
    return std::string(num) + colored_grade(grade, color);
}

}  // namespace

std::string render_calendar(const DeviceRef& device, int year, int month,
                            const std::map<std::string, DayStats>& days, bool color) {
    std::ostringstream os;
    const std::string title = std::string(month_name(month)) + " " + std::to_string(year);
    const std::size_t width = 3 + 7 * kCell;
    os << pad_left(title, (width + title.size()) / 2) << "\n";
    os << device.name << " (" << device.tz << ")\n";
    // Each cell is " 29A": the number under the weekday's name, the grade after it.
    os << " Wk Mo  Tu  We  Th  Fr  Sa  Su\n";

    const cctz::civil_month m(year, month);
    const cctz::civil_day first(m);
    const cctz::civil_day last = cctz::civil_day(m + 1) - 1;
    cctz::civil_day monday = first - weekday_index(first);
    for (; monday <= last; monday += 7) {
        char wk[8];
        std::snprintf(wk, sizeof wk, "%3d", iso_week(monday));
        std::string line = wk;
        for (int i = 0; i < 7; ++i) {
            const cctz::civil_day day = monday + i;
            line += (day < first || day > last) ? std::string(kCell, ' ') : day_cell(day, days, color);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        os << line << "\n";
    }

    int graded = 0;
    bool paused_day = false;
    for (const auto& [key, d] : days) {
        if (grade_of(d)) ++graded;
        paused_day = paused_day || (d.has_data() && !d.was_monitored());
    }
    os << "\n" << graded << " graded day" << (graded == 1 ? "" : "s") << ". Legend: "
       << colored_grade('A', color) << ", " << colored_grade('B', color) << " good; " << colored_grade('C', color)
       << " fair; " << colored_grade('D', color) << ", " << colored_grade('F', color)
       << " poor; '.' = away all day; " << (paused_day ? "'p' = paused all day; " : "") << "blank = no data.\n"
       << grade_legend() << "\n";
    return os.str();
}

}  // namespace pg::hub
