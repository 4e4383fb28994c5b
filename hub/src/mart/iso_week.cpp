#include "mart/iso_week.hpp"

#include <cstdio>

namespace pg::hub {

int weekday_index(const cctz::civil_day& d) {
    switch (cctz::get_weekday(d)) {
    case cctz::weekday::monday: return 0;
    case cctz::weekday::tuesday: return 1;
    case cctz::weekday::wednesday: return 2;
    case cctz::weekday::thursday: return 3;
    case cctz::weekday::friday: return 4;
    case cctz::weekday::saturday: return 5;
    case cctz::weekday::sunday: return 6;
    }
    return 0;
}

int iso_week(const cctz::civil_day& d, int* iso_year) {
    // The ISO week belongs to the year of its Thursday.
    const cctz::civil_day thursday = d - weekday_index(d) + 3;
    const auto year = thursday.year();
    if (iso_year) *iso_year = static_cast<int>(year);
    return static_cast<int>((thursday - cctz::civil_day(year, 1, 1)) / 7 + 1);
}

cctz::civil_day week_monday(const cctz::civil_day& d) { return d - weekday_index(d); }

std::string week_key(const cctz::civil_day& d) {
    int year = 0;
    const int week = iso_week(d, &year);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-W%02d", year, week);
    return buf;
}

std::optional<cctz::civil_day> parse_iso_week(std::string_view text) {
    int y = 0, w = 0;
    char tail = 0;
    if (text.size() != 8 || std::sscanf(std::string(text).c_str(), "%4d-W%2d%c", &y, &w, &tail) != 2 || w < 1)
        return std::nullopt;
    // January 4th is always in week 1.
    const cctz::civil_day jan4(y, 1, 4);
    const cctz::civil_day monday = jan4 - weekday_index(jan4) + (w - 1) * 7;
    int year = 0;
    if (iso_week(monday, &year) != w || year != y) return std::nullopt;  // e.g. W53 of a 52-week year
    return monday;
}

}  // namespace pg::hub
