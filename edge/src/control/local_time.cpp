#include "control/local_time.hpp"

#include "pg/errors.hpp"

#include <chrono>

namespace pg {
namespace {

using Seconds = cctz::time_point<cctz::seconds>;

std::int64_t to_ms(const Seconds& tp) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch()).count();
}

Seconds from_ms(std::int64_t t_ms) {
    return std::chrono::time_point_cast<cctz::seconds>(
        std::chrono::system_clock::time_point(std::chrono::milliseconds(t_ms)));
}

}  // namespace

LocalZone::LocalZone(const std::string& name) {
    if (!cctz::load_time_zone(name, &tz_))
        throw ConfigError("device.timezone '" + name + "' is not a known IANA time zone");
}

std::int64_t LocalZone::instant(const cctz::civil_day& day, int minute) const {
    const cctz::civil_second cs(day.year(), day.month(), day.day(), minute / 60, minute % 60, 0);
    const auto lookup = tz_.lookup(cs);
    // SKIPPED: the clock jumped over it; the jump itself is when it "happens".
    if (lookup.kind == cctz::time_zone::civil_lookup::SKIPPED) return to_ms(lookup.trans);
    return to_ms(lookup.pre);  // UNIQUE, or the first of a REPEATED time
}

cctz::civil_day LocalZone::day_of(std::int64_t t_ms) const {
    return cctz::civil_day(cctz::convert(from_ms(t_ms), tz_));
}

int LocalZone::minute_of(std::int64_t t_ms) const {
    const auto cs = cctz::convert(from_ms(t_ms), tz_);
    return cs.hour() * 60 + cs.minute();
}

std::int64_t LocalZone::next_time_of_day(std::int64_t t_ms, int minute) const {
    auto day = day_of(t_ms);
    // Today's showing if it is still ahead, else tomorrow's (or the day after,
    // should a DST jump put tomorrow's before now: it cannot, but loops are cheap).
    for (int i = 0; i < 3; ++i, ++day) {
        const auto at = instant(day, minute);
        if (at > t_ms) return at;
    }
    return instant(day, minute);
}

std::int64_t LocalZone::next_midnight(std::int64_t t_ms) const { return instant(day_of(t_ms) + 1, 0); }

std::optional<int> parse_hhmm(std::string_view s, bool allow_24) {
    if (s.size() != 5 || s[2] != ':') return std::nullopt;
    for (std::size_t i : {0u, 1u, 3u, 4u})
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
    const int h = (s[0] - '0') * 10 + (s[1] - '0');
    const int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (allow_24 && h == 24 && m == 0) return 24 * 60;
    if (h > 23 || m > 59) return std::nullopt;
    return h * 60 + m;
}

}  // namespace pg
