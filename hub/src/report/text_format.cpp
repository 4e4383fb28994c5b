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

std::string_view weekday_name(const cctz::civil_day& d) { return kWeekdays[weekday_index(d)]; }
std::string_view weekday_short(const cctz::civil_day& d) { return kWeekdays[weekday_index(d)].substr(0, 3); }
std::string_view month_name(int month) { return month >= 1 && month <= 12 ? kMonths[month - 1] : "?"; }

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
