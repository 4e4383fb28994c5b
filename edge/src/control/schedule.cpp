#include "control/schedule.hpp"

#include "pg/errors.hpp"

#include <algorithm>
#include <cctype>

namespace pg {
namespace {

constexpr std::array<std::string_view, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::string_view kDayList = "Mon, Tue, Wed, Thu, Fri, Sat, Sun";

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::optional<int> parse_day(std::string_view s) {
    if (s.size() != 3) return std::nullopt;
    std::string lower;
    for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (int i = 0; i < 7; ++i)
        if (kDays[static_cast<std::size_t>(i)] == lower) return i;
    return std::nullopt;
}

int weekday_index(const cctz::civil_day& d) { return static_cast<int>(cctz::get_weekday(d)); }

}  // namespace

MonitoringSchedule::MonitoringSchedule(std::string_view spec, const std::string& zone)
    : spec_(spec), zone_(zone) {
    const std::string key = "monitoring.schedule '" + std::string(spec) + "'";
    if (trim(spec).empty()) return;
    always_ = false;
    std::size_t pos = 0;
    int n = 0;
    while (pos <= spec.size()) {
        const auto sep = spec.find_first_of(",;", pos);
        const auto part = trim(spec.substr(pos, sep == std::string_view::npos ? std::string_view::npos : sep - pos));
        pos = sep == std::string_view::npos ? spec.size() + 1 : sep + 1;
        ++n;
        auto bad = [&](const std::string& why) {
            return ConfigError(key + ": range " + std::to_string(n) + " '" + std::string(part) + "': " + why +
                               " (expected e.g. \"Mon-Fri 08:00-18:30\", ranges separated by ',' or ';')");
        };
        if (part.empty()) throw bad("is empty");
        const auto space = part.find_first_of(" \t");
        if (space == std::string_view::npos) throw bad("needs days and a time range");
        const auto days = part.substr(0, space);
        const auto times = trim(part.substr(space));

        int first = 0, last = 0;
        if (auto dash = days.find('-'); dash != std::string_view::npos) {
            auto a = parse_day(days.substr(0, dash));
            auto b = parse_day(days.substr(dash + 1));
            if (!a) throw bad("unknown day '" + std::string(days.substr(0, dash)) + "' (days: " + std::string(kDayList) + ")");
            if (!b) throw bad("unknown day '" + std::string(days.substr(dash + 1)) + "' (days: " + std::string(kDayList) + ")");
            first = *a;
            last = *b;
        } else {
            auto a = parse_day(days);
            if (!a) throw bad("unknown day '" + std::string(days) + "' (days: " + std::string(kDayList) + ")");
            first = last = *a;
        }

        const auto tdash = times.find('-');
        if (tdash == std::string_view::npos) throw bad("'" + std::string(times) + "' is not a time range HH:MM-HH:MM");
        auto start = parse_hhmm(times.substr(0, tdash));
        auto end = parse_hhmm(times.substr(tdash + 1), /*allow_24=*/true);
        if (!start) throw bad("start '" + std::string(times.substr(0, tdash)) + "' is not a time 00:00-23:59");
        if (!end) throw bad("end '" + std::string(times.substr(tdash + 1)) + "' is not a time 00:00-24:00");
        if (*start == *end) throw bad("start and end are the same time");

        // Each day of the range (a range of days may wrap: Fri-Mon).
        for (int d = first;; d = (d + 1) % 7) {
            if (*end > *start) {
                days_[static_cast<std::size_t>(d)].emplace_back(*start, *end);
            } else {
                // Past midnight: the rest of the night belongs to the next day.
                days_[static_cast<std::size_t>(d)].emplace_back(*start, 24 * 60);
                if (*end > 0) days_[static_cast<std::size_t>((d + 1) % 7)].emplace_back(0, *end);
            }
            if (d == last) break;
        }
    }
}

bool MonitoringSchedule::contains(std::int64_t t_ms) const {
    if (always_) return true;
    const int m = zone_.minute_of(t_ms);
    const auto& ranges = days_[static_cast<std::size_t>(weekday_index(zone_.day_of(t_ms)))];
    return std::any_of(ranges.begin(), ranges.end(), [m](const auto& r) { return m >= r.first && m < r.second; });
}

std::optional<std::int64_t> MonitoringSchedule::next_start(std::int64_t t_ms) const {
    if (always_) return std::nullopt;
    std::optional<std::int64_t> best;
    // Every range recurs weekly: yesterday (a DST jump) to a week and a day ahead.
    const auto today = zone_.day_of(t_ms);
    for (int i = -1; i <= 8; ++i) {
        const auto day = today + i;
        for (const auto& [start, end] : days_[static_cast<std::size_t>(weekday_index(day))]) {
            const std::int64_t s = zone_.instant(day, start);
            // A start is where monitoring turns on, not where one range meets the next.
            if (s <= t_ms || (best && s >= *best) || !contains(s) || contains(s - 1000)) continue;
            best = s;
        }
    }
    return best;
}

}  // namespace pg
