#include "report/text_format.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace pg::hub {
namespace {

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;  // count every byte that is not a continuation
    return n;
}

constexpr std::string_view kWeekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                          "Sunday"};
constexpr std::string_view kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};

}  // namespace

std::string format_hm(std::int64_t ms) {
    if (ms <= 0) return "0m";
    const std::int64_t s = ms / 1000;
    if (s < 60) return std::to_string(s) + "s";
    const std::int64_t minutes = (s + 30) / 60;  // nearest minute
    if (minutes < 60) return std::to_string(minutes) + "m";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lldh %02lldm", static_cast<long long>(minutes / 60),
                  static_cast<long long>(minutes % 60));
    return buf;
}

std::string format_percent(double share) {
    return std::to_string(static_cast<int>(std::lround(share * 100.0))) + "%";
}

std::string pad_left(std::string_view s, std::size_t width) {
    const std::size_t n = code_points(s);
    return std::string(n < width ? width - n : 0, ' ') + std::string(s);
}

std::string pad_right(std::string_view s, std::size_t width) {
    const std::size_t n = code_points(s);
    return std::string(s) + std::string(n < width ? width - n : 0, ' ');
}

std::string bar(double share, std::size_t width) {
    const double clamped = std::fmin(std::fmax(share, 0.0), 1.0);
    auto filled = static_cast<std::size_t>(std::lround(clamped * static_cast<double>(width)));
    // Any time at all gets a visible mark, so a short slouch is not invisible.
    if (filled == 0 && share > 0.0) filled = 1;
    return std::string(filled, '#') + std::string(width - filled, '.');
}

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

std::string_view weekday_name(const cctz::civil_day& d) { return kWeekdays[weekday_index(d)]; }
std::string_view weekday_short(const cctz::civil_day& d) { return kWeekdays[weekday_index(d)].substr(0, 3); }
std::string_view month_name(int month) { return month >= 1 && month <= 12 ? kMonths[month - 1] : "?"; }

int iso_week(const cctz::civil_day& d, int* iso_year) {
    // The ISO week belongs to the year of its Thursday.
    const cctz::civil_day thursday = d - weekday_index(d) + 3;
    const auto year = thursday.year();
    if (iso_year) *iso_year = static_cast<int>(year);
    return static_cast<int>((thursday - cctz::civil_day(year, 1, 1)) / 7 + 1);
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

std::string local_time(std::int64_t t_ms, const cctz::time_zone& tz, const char* fmt) {
    const auto tp = std::chrono::time_point<std::chrono::system_clock, std::chrono::milliseconds>(
        std::chrono::milliseconds(t_ms));
    return cctz::format(fmt, std::chrono::time_point_cast<std::chrono::seconds>(tp), tz);
}

std::string iso8601(std::int64_t t_ms, const cctz::time_zone& tz) {
    return local_time(t_ms, tz, "%Y-%m-%dT%H:%M:%S%Ez");
}

std::string colored_grade(std::optional<char> grade, bool color) {
    if (!grade) return std::string(kMissing);
    const std::string letter(1, *grade);
    if (!color) return letter;
    const char* code = (*grade == 'A' || *grade == 'B') ? "\033[32m" : *grade == 'C' ? "\033[33m" : "\033[31m";
    return code + letter + "\033[0m";
}

}  // namespace pg::hub

namespace pg::hub {
std::string grade_cell(std::optional<char> grade, std::size_t width, bool color) {
    return std::string(width > 1 ? width - 1 : 0, ' ') + colored_grade(grade, color);
}
}  // namespace pg::hub
