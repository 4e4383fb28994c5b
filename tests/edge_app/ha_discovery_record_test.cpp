#include "app/ha_discovery_record.hpp"

#include "edge_test_support.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace pg;

TEST(HaDiscoveryRecord, RemembersWhatWasPublishedUntilCleared) {
    pg::test::TempDir dir;
    HaDiscoveryRecord r(dir.path() / "ha-discovery");
    EXPECT_TRUE(r.topics().empty());
    EXPECT_TRUE(r.add("homeassistant/device/a/config"));
    EXPECT_TRUE(r.add("homeassistant/device/a/config"));  // once
    EXPECT_TRUE(r.add("ha/device/b/config"));
    EXPECT_EQ(r.topics(), (std::vector<std::string>{"homeassistant/device/a/config", "ha/device/b/config"}));
    EXPECT_TRUE(r.remove({"homeassistant/device/a/config"}));
    EXPECT_EQ(r.topics(), (std::vector<std::string>{"ha/device/b/config"}));
    EXPECT_TRUE(r.remove({"ha/device/b/config"}));
    EXPECT_FALSE(std::filesystem::exists(r.file()));
}

TEST(HaDiscoveryRecord, ADamagedLineNamesNothingToClear) {
    pg::test::TempDir dir;
    const auto file = dir.path() / "ha-discovery";
    std::ofstream(file) << "homeassistant/device/a/config\n#\nhomeassistant/+/x/config\n\x01garbage\n"
                        << "postureguard/a/state\nhomeassistant/device/b/config";  // cut short: still whole
    HaDiscoveryRecord r(file);
    EXPECT_EQ(r.topics(), (std::vector<std::string>{"homeassistant/device/a/config", "homeassistant/device/b/config"}));
}

TEST(HaDiscoveryRecord, AnUnwritableStateDirIsAWarningNotACrash) {
    HaDiscoveryRecord r("/proc/postureguard-no-such-dir/ha-discovery");
    EXPECT_FALSE(r.add("homeassistant/device/a/config"));
    EXPECT_TRUE(r.topics().empty());
}
