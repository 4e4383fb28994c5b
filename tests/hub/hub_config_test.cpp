#include "app/hub_config.hpp"
#include "app/message_queue.hpp"
#include "hub_fixture.hpp"
#include "pg/errors.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

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
    EXPECT_EQ(mqtt.broker.host, "hub.local");
    EXPECT_EQ(mqtt.broker.port, 1884);
    EXPECT_FALSE(mqtt.clean_session);
}

TEST_F(HubConfigTest, BadConfigIsOneClearError) {
    const auto file = path("hub.toml");
    std::ofstream(file) << "[store]\ndatabase = \"x.db\"\n";
    EXPECT_THROW(load_hub_config(file.string(), {}), ConfigError);
    EXPECT_THROW(load_hub_config(path("missing.toml").string(), {}), ConfigError);
    EXPECT_THROW(load_hub_config(std::nullopt, {}), ConfigError);  // no database at all
}

TEST(MessageQueue, BatchesAndUnblocksAtShutdown) {
    MessageQueue q(2);
    q.push({"a", {}, 1});
    q.push({"b", {}, 2});
    std::thread producer([&] { q.push({"c", {}, 3}); });  // blocks: the queue is full
    auto first = q.pop_batch(2, std::chrono::milliseconds(10));
    ASSERT_EQ(first.size(), 2u);
    EXPECT_EQ(first[0].topic, "a");
    producer.join();
    q.stop_blocking();
    q.push({"d", {}, 4});
    q.push({"e", {}, 5});
    q.push({"f", {}, 6});  // beyond capacity, but shutdown must not block
    EXPECT_EQ(q.take_all().size(), 4u);
}
