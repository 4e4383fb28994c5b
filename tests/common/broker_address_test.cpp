#include "pg/broker_address.hpp"

#include "pg/errors.hpp"

#include <gtest/gtest.h>

using pg::BrokerAddress;

namespace {

// The ConfigError's text, or "" when the list was accepted.
std::string error_of(std::string_view list, int default_port = 1883) {
    try {
        (void)pg::parse_broker_list(list, default_port, "mqtt.broker");
    } catch (const pg::ConfigError& e) {
        return e.what();
    }
    return {};
}

}  // namespace

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
    for (auto s : {"", ":1883", "h:", "h:0", "h:70000", "h:12a", "[::1", "[::1]x", "a b:1883", "h1,h2"})
        EXPECT_FALSE(pg::parse_broker(s)) << s;
}

TEST(BrokerAddress, PrintsWhatItParses) {
    EXPECT_EQ(pg::to_string({"hub.local", 1884}), "hub.local:1884");
    EXPECT_EQ(pg::to_string({"::1", 1883}), "[::1]:1883");
    for (auto s : {"hub.local:1884", "[::1]:1883", "[fe80::1%eth0]:8883", "10.0.0.2:1"})
        EXPECT_EQ(pg::to_string(*pg::parse_broker(s)), s);
}

TEST(BrokerList, OneEntryIsTheSingleBrokerOfOld) {
    auto l = pg::parse_broker_list("hub.local", 8883, "mqtt.broker");
    ASSERT_EQ(l.size(), 1u);
    EXPECT_EQ(l[0], (BrokerAddress{"hub.local", 8883}));
    EXPECT_EQ(error_of("host:99999"), "mqtt.broker 'host:99999' is not HOST[:PORT]");
    EXPECT_EQ(error_of(""), "mqtt.broker '' is not HOST[:PORT]");
}

TEST(BrokerList, ParsesHostsNamesAndIpv6InOrder) {
    auto l = pg::parse_broker_list("h1:1883,h2:1884, [::1]:1885 ,broker-3.example.com", 1883, "mqtt.broker");
    ASSERT_EQ(l.size(), 4u);
    EXPECT_EQ(l[0], (BrokerAddress{"h1", 1883}));
    EXPECT_EQ(l[1], (BrokerAddress{"h2", 1884}));
    EXPECT_EQ(l[2], (BrokerAddress{"::1", 1885}));
    EXPECT_EQ(l[3], (BrokerAddress{"broker-3.example.com", 1883}));
    // Without a port every entry takes the default: TLS's 8883 for all of them.
    for (const auto& b : pg::parse_broker_list("a,b,[::1]", 8883, "mqtt.broker")) EXPECT_EQ(b.port, 8883);
    // The same host on two ports is two brokers.
    EXPECT_EQ(pg::parse_broker_list("127.0.0.1:1883,127.0.0.1:1884", 1883, "mqtt.broker").size(), 2u);
}

TEST(BrokerList, AnEmptyEntryIsNamedByItsPlace) {
    EXPECT_EQ(error_of("h1:1883,,h3:1883"), "mqtt.broker 'h1:1883,,h3:1883': entry 2 is empty");
    EXPECT_EQ(error_of("h1:1883,"), "mqtt.broker 'h1:1883,': entry 2 is empty");
    EXPECT_EQ(error_of(",h1"), "mqtt.broker ',h1': entry 1 is empty");
    EXPECT_EQ(error_of("h1, ,h2"), "mqtt.broker 'h1, ,h2': entry 2 is empty");
}

TEST(BrokerList, ABadEntryIsNamed) {
    for (auto bad : {"h2:0", "h2:70000", "h2:x", "h2:", ":1883", "[::1", "[::1]1883", "a b"}) {
        const std::string list = std::string("h1:1883,") + bad + ",h3:1883";
        const auto e = error_of(list);
        EXPECT_NE(e.find("mqtt.broker entry '" + std::string(bad) + "'"), std::string::npos) << list << ": " << e;
        EXPECT_NE(e.find("not HOST[:PORT]"), std::string::npos) << e;
    }
}

TEST(BrokerList, TheSameBrokerTwiceIsRefused) {
    EXPECT_EQ(error_of("h1:1883,h2:1883,h1:1883"),
              "mqtt.broker entry 'h1:1883' (in 'h1:1883,h2:1883,h1:1883') names broker h1:1883 a second time");
    // The default port and a different case are still the same broker.
    EXPECT_NE(error_of("hub,HUB:1883").find("entry 'HUB:1883'"), std::string::npos);
    EXPECT_NE(error_of("[::1]:1883,[::1]").find("names broker [::1]:1883 a second time"), std::string::npos);
    EXPECT_EQ(error_of("hub:1883,hub:1884"), "");
}
