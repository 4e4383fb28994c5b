#include "amqp/amqp_url.hpp"

#include "pg/errors.hpp"

#include <gtest/gtest.h>

using namespace pg;
using namespace pg::hub;

TEST(AmqpUrl, AListNamesEveryNodeInOrder) {
    const auto nodes = parse_amqp_urls("amqp://pg-hub:s3cret@10.0.0.1:5673/postureguard, amqp://u:p@h2/v");
    ASSERT_EQ(nodes.size(), 2u);
    EXPECT_EQ(nodes[0].host, "10.0.0.1");
    EXPECT_EQ(nodes[0].port, 5673);
    EXPECT_EQ(nodes[0].user, "pg-hub");
    EXPECT_EQ(nodes[0].password, "s3cret");
    EXPECT_EQ(nodes[0].vhost, "postureguard");
    EXPECT_EQ(nodes[0].name().find("s3cret"), std::string::npos);  // logs never show it
    EXPECT_EQ(nodes[1].port, 5672);
    EXPECT_EQ(nodes[1].vhost, "v");
}

TEST(AmqpUrl, AWrongUrlIsAConfigErrorNamingIt) {
    for (const char* bad : {"", " , ", "http://h:1/v", "amqp://h:notaport/v", "amqps://u:p@h:5671/v"}) {
        try {
            (void)parse_amqp_urls(bad);
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find("AMQP"), std::string::npos) << e.what();
        }
    }
}
