#include "pg/device_id.hpp"

#include <gtest/gtest.h>

TEST(DeviceId, AcceptsTopicSafeIds) {
    for (auto s : {"desk-01", "a", "Pi5_office", "0abc"}) EXPECT_TRUE(pg::is_valid_device_id(s)) << s;
}

TEST(DeviceId, RejectsTopicBreakingIds) {
    for (auto s : {"", "-lead", "a/b", "a+b", "a#", "with space", "tab\t", "\xc3\xa9t\xc3\xa9"})
        EXPECT_FALSE(pg::is_valid_device_id(s)) << s;
    EXPECT_FALSE(pg::is_valid_device_id(std::string(65, 'a')));
    EXPECT_TRUE(pg::is_valid_device_id(std::string(64, 'a')));
}
