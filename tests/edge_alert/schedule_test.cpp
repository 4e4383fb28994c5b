// The monitoring schedule and local times: strict parsing, and wall-clock
// ranges that stay right across DST changes (Europe/Berlin, 2025).
#include "control/local_time.hpp"
#include "control/schedule.hpp"
#include "pg/errors.hpp"

#include <gtest/gtest.h>

using namespace pg;

namespace {

const std::string kBerlin = "Europe/Berlin";

// Unix ms of a wall-clock time in `zone` (the first one when it happens twice).
std::int64_t local(int y, int mo, int d, int h, int mi, const std::string& zone = kBerlin) {
    cctz::time_zone tz;
    EXPECT_TRUE(cctz::load_time_zone(zone, &tz));
    auto tp = cctz::convert(cctz::civil_second(y, mo, d, h, mi, 0), tz);
    return std::chrono::duration_cast<std::chrono::milliseconds>(tp.time_since_epoch()).count();
}
std::int64_t utc(int y, int mo, int d, int h, int mi) { return local(y, mo, d, h, mi, "UTC"); }

std::string error_of(const std::string& spec) {
    try {
        MonitoringSchedule s(spec, kBerlin);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(MonitoringSchedule, EmptyIsAlways) {
    MonitoringSchedule s("", kBerlin);
    EXPECT_TRUE(s.always());
    EXPECT_TRUE(s.contains(local(2025, 3, 15, 3, 0)));
    EXPECT_FALSE(s.next_start(0));
}

TEST(MonitoringSchedule, WeekdayRangesAndLunch) {
    MonitoringSchedule s("Mon-Fri 08:00-12:00, Mon-Fri 13:00-18:30; sat 10:00-12:00", kBerlin);
    // 2025-03-10 is a Monday.
    EXPECT_FALSE(s.contains(local(2025, 3, 10, 7, 59)));
    EXPECT_TRUE(s.contains(local(2025, 3, 10, 8, 0)));
    EXPECT_FALSE(s.contains(local(2025, 3, 10, 12, 30)));
    EXPECT_TRUE(s.contains(local(2025, 3, 14, 18, 29)));  // Friday
    EXPECT_FALSE(s.contains(local(2025, 3, 14, 18, 30)));  // the end is not inside
    EXPECT_TRUE(s.contains(local(2025, 3, 15, 11, 0)));    // Saturday
    EXPECT_FALSE(s.contains(local(2025, 3, 16, 11, 0)));   // Sunday
    EXPECT_EQ(s.next_start(local(2025, 3, 10, 12, 30)), local(2025, 3, 10, 13, 0));
    EXPECT_EQ(s.next_start(local(2025, 3, 14, 19, 0)), local(2025, 3, 15, 10, 0));
    EXPECT_EQ(s.next_start(local(2025, 3, 15, 11, 0)), local(2025, 3, 17, 8, 0));  // Saturday -> Monday
}

TEST(MonitoringSchedule, AbuttingRangesStartOnceAndNightsWrap) {
    MonitoringSchedule s("Mon 08:00-12:00, Mon 12:00-13:00", kBerlin);
    EXPECT_TRUE(s.contains(local(2025, 3, 10, 12, 0)));
    EXPECT_EQ(s.next_start(local(2025, 3, 10, 9, 0)), local(2025, 3, 17, 8, 0));  // 12:00 only continues
    MonitoringSchedule night("Fri 22:00-02:00, Sun-Mon 23:00-24:00", kBerlin);
    EXPECT_TRUE(night.contains(local(2025, 3, 15, 1, 59)));  // Saturday morning, from Friday
    EXPECT_FALSE(night.contains(local(2025, 3, 15, 2, 0)));
    EXPECT_TRUE(night.contains(local(2025, 3, 16, 23, 30)));  // a day range that wraps: Sun-Mon
    EXPECT_FALSE(night.contains(local(2025, 3, 18, 23, 30)));
}

TEST(MonitoringSchedule, SpringForwardStartsWhenTheClockJumps) {
    // 2025-03-30 02:00 CET -> 03:00 CEST: 02:30 never shows on the wall.
    MonitoringSchedule s("Sun 02:30-04:00", kBerlin);
    const auto start = *s.next_start(local(2025, 3, 29, 12, 0));
    EXPECT_EQ(start, utc(2025, 3, 30, 1, 0));  // 03:00 CEST, the moment of the jump
    EXPECT_TRUE(s.contains(start));
    EXPECT_FALSE(s.contains(start - 1000));  // 01:59:59 CET
    EXPECT_FALSE(s.contains(utc(2025, 3, 30, 2, 0)));  // 04:00 CEST: one real hour
    // A range that lies inside the gap does not happen that day.
    MonitoringSchedule gap("Sun 02:10-02:40", kBerlin);
    EXPECT_EQ(gap.next_start(local(2025, 3, 29, 12, 0)), local(2025, 4, 6, 2, 10));
    // A workday after the change is still 08:00-18:30 on the wall.
    MonitoringSchedule work("Mon-Fri 08:00-18:30", kBerlin);
    EXPECT_EQ(work.next_start(local(2025, 3, 29, 12, 0)), utc(2025, 3, 31, 6, 0));
}

TEST(MonitoringSchedule, FallBackRunsThroughTheRepeatedHour) {
    // 2025-10-26 03:00 CEST -> 02:00 CET: 02:00-03:00 shows twice.
    MonitoringSchedule s("Sun 01:00-04:00", kBerlin);
    EXPECT_EQ(s.next_start(local(2025, 10, 25, 12, 0)), utc(2025, 10, 25, 23, 0));  // 01:00 CEST
    EXPECT_TRUE(s.contains(utc(2025, 10, 26, 0, 30)));  // 02:30 CEST
    EXPECT_TRUE(s.contains(utc(2025, 10, 26, 1, 30)));  // 02:30 CET, the second time
    EXPECT_TRUE(s.contains(utc(2025, 10, 26, 2, 59)));  // 03:59 CET
    EXPECT_FALSE(s.contains(utc(2025, 10, 26, 3, 0)));  // 04:00 CET: four real hours
}

TEST(MonitoringSchedule, StrictErrorsNameTheKeyAndTheBadPart) {
    auto e = error_of("Mon-Fry 08:00-12:00");
    EXPECT_NE(e.find("monitoring.schedule"), std::string::npos) << e;
    EXPECT_NE(e.find("unknown day 'Fry'"), std::string::npos) << e;
    EXPECT_NE(error_of("Mon 8:00-12:00").find("start '8:00'"), std::string::npos);
    EXPECT_NE(error_of("Mon 08:00-25:00").find("end '25:00'"), std::string::npos);
    EXPECT_NE(error_of("Mon 08:00-08:00").find("the same time"), std::string::npos);
    EXPECT_NE(error_of("Mon 08:00").find("not a time range"), std::string::npos);
    EXPECT_NE(error_of("08:00-12:00").find("needs days and a time range"), std::string::npos);
    auto empty = error_of("Mon 08:00-12:00,,Tue 08:00-12:00");
    EXPECT_NE(empty.find("range 2 '': is empty"), std::string::npos) << empty;
    EXPECT_NE(error_of("Mon 08:00-12:00;").find("range 2"), std::string::npos);
    EXPECT_NE(error_of("Monday 08:00-12:00").find("unknown day 'Monday'"), std::string::npos);
    EXPECT_THROW(MonitoringSchedule("Mon 08:00-12:00", "No/Zone"), ConfigError);
}

TEST(LocalZone, NextTimeOfDayAndMidnightAcrossDst) {
    LocalZone z(kBerlin);
    EXPECT_EQ(z.next_time_of_day(local(2025, 3, 10, 9, 0), 17 * 60 + 30), local(2025, 3, 10, 17, 30));
    EXPECT_EQ(z.next_time_of_day(local(2025, 3, 10, 18, 0), 17 * 60 + 30), local(2025, 3, 11, 17, 30));
    EXPECT_EQ(z.next_time_of_day(local(2025, 3, 10, 17, 30), 17 * 60 + 30), local(2025, 3, 11, 17, 30));
    // "until 02:30" on the spring-forward night: when the clock jumps past it.
    EXPECT_EQ(z.next_time_of_day(local(2025, 3, 29, 23, 0), 2 * 60 + 30), utc(2025, 3, 30, 1, 0));
    // On the autumn night: its first showing.
    EXPECT_EQ(z.next_time_of_day(local(2025, 10, 25, 23, 0), 2 * 60 + 30), utc(2025, 10, 26, 0, 30));
    // Midnight after a 23-hour day is 23 hours later.
    EXPECT_EQ(z.next_midnight(local(2025, 3, 30, 0, 0)) - local(2025, 3, 30, 0, 0), 23 * 3600 * 1000LL);
    EXPECT_FALSE(parse_hhmm("24:00"));
    EXPECT_EQ(parse_hhmm("24:00", true), 1440);
    EXPECT_FALSE(parse_hhmm("7:30"));
    EXPECT_FALSE(parse_hhmm("07:60"));
}
