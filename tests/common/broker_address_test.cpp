#include "pg/mqtt_client.hpp"

#include <gtest/gtest.h>

TEST(BrokerAddress, ParsesHostAndPort) {
    auto a = pg::parse_broker("hub.local:1884");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->host, "hub.local");
    EXPECT_EQ(a->port, 1884);
    auto b = pg::parse_broker("hub.local");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->port, 1883);
    auto c = pg::parse_broker("[::1]:8883");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->host, "::1");
    EXPECT_EQ(c->port, 8883);
}

TEST(BrokerAddress, RejectsBadPorts) {
    for (auto s : {"", ":1883", "h:", "h:0", "h:70000", "h:12a", "[::1", "[::1]x"})
        EXPECT_FALSE(pg::parse_broker(s)) << s;
}
