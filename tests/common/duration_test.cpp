#include "pg/duration.hpp"

#include <gtest/gtest.h>

using pg::parse_duration;
using ms = std::chrono::milliseconds;

TEST(Duration, ParsesUnits) {
    EXPECT_EQ(parse_duration("600ms"), ms(600));
    EXPECT_EQ(parse_duration("10s"), ms(10000));
    EXPECT_EQ(parse_duration("1.5s"), ms(1500));
    EXPECT_EQ(parse_duration("5m"), ms(300000));
    EXPECT_EQ(parse_duration("2h"), ms(7200000));
    EXPECT_EQ(parse_duration("1d"), ms(86400000));
}

TEST(Duration, RejectsGarbage) {
    for (auto s : {"", "s", "10", "10x", "-5s", "1..2s", "nan s", "1e99d"}) EXPECT_FALSE(parse_duration(s)) << s;
}

TEST(Duration, FormatsRoundValues) {
    EXPECT_EQ(pg::format_duration(ms(600)), "600ms");
    EXPECT_EQ(pg::format_duration(ms(10000)), "10s");
    EXPECT_EQ(pg::format_duration(ms(300000)), "5m");
}
