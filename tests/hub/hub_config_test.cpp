#include "app/hub_config.hpp"
#include "hub_fixture.hpp"
#include "pg/errors.hpp"

#include <gtest/gtest.h>

#include <fstream>

using namespace pg;
using namespace pg::hub;

namespace {
class HubConfigTest : public test::TempDirTest {};
}  // namespace

TEST_F(HubConfigTest, CommandLineOverridesTheFile) {
    const auto file = path("hub.toml");
    std::ofstream(file) << "[mqtt]\nbroker = \"hub.local:1884\"\nprefix = \"pg\"\n[store]\ndb = \"/var/lib/pg/hub.db\"\n";
    HubOverrides o;
    o.db = "/tmp/other.db";
    const auto cfg = load_hub_config(file.string(), o);
    EXPECT_EQ(cfg.db, "/tmp/other.db");
    EXPECT_EQ(cfg.mqtt.prefix, "pg");
    EXPECT_EQ(cfg.mqtt.client_id, kDefaultHubClientId);
    const auto mqtt = hub_mqtt_options(cfg);
    ASSERT_EQ(mqtt.brokers.size(), 1u);
    EXPECT_EQ(mqtt.brokers[0].host, "hub.local");
    EXPECT_EQ(mqtt.brokers[0].port, 1884);
    EXPECT_FALSE(mqtt.clean_session);
}

TEST_F(HubConfigTest, TakesTheBrokerListTheEdgeTakes) {
    HubOverrides o;
    o.db = "/tmp/hub.db";
    o.broker = "node-a:1883, node-b:1884,[::1]:1885";
    const auto mqtt = hub_mqtt_options(load_hub_config(std::nullopt, o));
    ASSERT_EQ(mqtt.brokers.size(), 3u);
    EXPECT_EQ(mqtt.brokers[1].host, "node-b");
    EXPECT_EQ(mqtt.brokers[1].port, 1884);
    EXPECT_EQ(mqtt.brokers[2].host, "::1");
    o.broker = "node-a:1883,node-a:1883";
    try {
        (void)hub_mqtt_options(load_hub_config(std::nullopt, o));
        FAIL() << "a duplicate broker was accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("mqtt.broker"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("node-a:1883"), std::string::npos) << e.what();
    }
}

TEST_F(HubConfigTest, BadConfigIsOneClearError) {
    const auto file = path("hub.toml");
    std::ofstream(file) << "[store]\ndatabase = \"x.db\"\n";
    EXPECT_THROW(load_hub_config(file.string(), {}), ConfigError);
    EXPECT_THROW(load_hub_config(path("missing.toml").string(), {}), ConfigError);
    EXPECT_THROW(load_hub_config(std::nullopt, {}), ConfigError);  // no database at all
}

TEST_F(HubConfigTest, IngestFromAmqpIsOffByDefaultAndNamesItsQueuesAfterThePrefix) {
    const auto plain = load_hub_config(std::nullopt, [] {
        HubOverrides o;
        o.db = "x.db";
        return o;
    }());
    EXPECT_TRUE(plain.ingest.amqp.empty());
    EXPECT_EQ(plain.ingest.queue, "postureguard.batches");
    EXPECT_EQ(plain.ingest.state_queue, "postureguard.state");

    const auto file = path("hub.toml");
    std::ofstream(file) << "[mqtt]\nprefix = \"pg\"\n[store]\ndb = \"x.db\"\n"
                        << "[ingest]\namqp = \"amqp://h:p@10.0.0.1:5672/pg,amqp://h:p@10.0.0.2:5672/pg\"\n"
                        << "prefetch = 64\n";
    const auto cfg = load_hub_config(file.string(), {});
    EXPECT_EQ(cfg.ingest.queue, "pg.batches");
    EXPECT_EQ(cfg.ingest.prefetch, 64);
    HubOverrides o;
    o.prefetch = 1;
    EXPECT_THROW(load_hub_config(file.string(), o), ConfigError);
    std::ofstream(file) << "[store]\ndb = \"x.db\"\n[ingest]\nprefetch = 0\n";
    EXPECT_THROW(load_hub_config(file.string(), {}), ConfigError);
}

TEST_F(HubConfigTest, TheStoreIsAFileOrAPostgresqlUrlNeverBoth) {
    const auto file = path("hub.toml");
    std::ofstream(file) << "[store]\nurl = \"postgresql://hub@127.0.0.1:5432/fleet\"\n";
    auto cfg = load_hub_config(file.string(), {});
    EXPECT_EQ(cfg.url, "postgresql://hub@127.0.0.1:5432/fleet");
    EXPECT_TRUE(cfg.db.empty());
    // An option replaces the file's store, whichever kind it is.
    HubOverrides o;
    o.db = "/tmp/local.db";
    cfg = load_hub_config(file.string(), o);
    EXPECT_EQ(cfg.db, "/tmp/local.db");
    EXPECT_TRUE(cfg.url.empty());
    o.store_url = "postgresql://h/db";
    EXPECT_THROW(load_hub_config(file.string(), o), ConfigError);  // both options

    std::ofstream(file) << "[store]\ndb = \"hub.db\"\nurl = \"postgresql://hub@127.0.0.1:5432/fleet\"\n";
    try {
        load_hub_config(file.string(), {});
        ADD_FAILURE() << "both db and url were accepted";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("[store] db and url are both set"), std::string::npos) << e.what();
    }
#ifdef PG_HAVE_POSTGRESQL
    std::ofstream(file) << "[store]\nurl = \"sqlite:///var/lib/hub.db\"\n";
    EXPECT_THROW(load_hub_config(file.string(), {}), ConfigError);
#endif
}
