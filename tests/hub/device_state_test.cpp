#include "store/device_state.hpp"

#include "hub_fixture.hpp"

#include <gtest/gtest.h>

using namespace pg::hub;
using namespace pg::hub::test;

namespace {

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

class DeviceStateTest : public HubDbTest {
protected:
    std::string payload(const std::string& device, const std::string& kind) {
        auto st = db_->prepare("SELECT payload FROM device_state WHERE device = ?1 AND kind = ?2");
        auto c = st.bind(device, kind);
        return c.next() ? c.text(0) : "<none>";
    }
    std::int64_t count(const std::string& sql) {
        auto st = db_->prepare(sql);
        auto c = st.bind();
        return c.next() ? c.int64(0) : -1;
    }
};

}  // namespace

PG_INSTANTIATE_ENGINES(DeviceStateTest);

TEST_P(DeviceStateTest, KeepsTheNewestStateAndAvailabilityPerDevice) {
    DeviceStateStore store(*db_, "postureguard");
    const std::vector<IncomingMessage> m{
        raw_message("postureguard/desk-1/availability", bytes("online"), 1000),
        raw_message("postureguard/desk-1/state", bytes(R"({"state":"good"})"), 1001),
        raw_message("postureguard/desk-2/availability", bytes("online"), 1002),
        raw_message("postureguard/desk-1/state", bytes(R"({"state":"slouch"})"), 1003),
        raw_message("postureguard/desk-1/availability", bytes("offline"), 1004),  // the Last Will
    };
    auto s = store.keep(m);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->kept, 5);
    EXPECT_EQ(s->dead_letters, 0);
    EXPECT_EQ(payload("desk-1", "availability"), "offline");
    EXPECT_EQ(payload("desk-1", "state"), R"({"state":"slouch"})");
    EXPECT_EQ(payload("desk-2", "availability"), "online");
    EXPECT_EQ(count("SELECT count(*) FROM device_state"), 3);
    // A redelivery of the same message changes nothing.
    ASSERT_TRUE(store.keep(std::span(m).last(1)));
    EXPECT_EQ(payload("desk-1", "availability"), "offline");
}

TEST_P(DeviceStateTest, WhatIsNotAStateGoesToDeadLettersWithTheReason) {
    DeviceStateStore store(*db_, "postureguard");
    const std::vector<IncomingMessage> m{
        raw_message("postureguard/desk-1/availability", bytes("maybe"), 1),
        raw_message("postureguard/desk-1/state", bytes("{not json"), 2),
        raw_message("postureguard/desk-1/batch", bytes("x"), 3),
        raw_message("other/desk-1/state", bytes("{}"), 4),
        raw_message("postureguard//state", bytes("{}"), 5),
        raw_message("postureguard/desk-1/state", std::vector<std::uint8_t>(20000, '1'), 6),
    };
    auto s = store.keep(m);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->kept, 0);
    EXPECT_EQ(s->dead_letters, 6);
    EXPECT_EQ(count("SELECT count(*) FROM device_state"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM dead_letters WHERE reason = 'availability'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM dead_letters WHERE reason = 'state_json'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM dead_letters WHERE reason = 'topic'"), 3);
    EXPECT_EQ(count("SELECT count(*) FROM dead_letters WHERE reason = 'too_large'"), 1);
}
