#include "app/event_json.hpp"

#include <gtest/gtest.h>

using namespace pg;

TEST(EventJson, NamesTheEventAsHomeAssistantsEventEntityWantsIt) {
    Event e{1741593600600, EventType::alert, 2};  // 2025-03-10 08:00:00.600 UTC
    EXPECT_EQ(format_event_json(e, "desk-1", "Europe/Berlin", 3),
              R"({"event_type":"alert","value":2,"device":"desk-1","t":"2025-03-10T09:00:00.600+01:00","alerts_today":3})");
    e.type = EventType::camera_moved;
    e.value = -150;
    EXPECT_EQ(format_event_json(e, "desk-1", "UTC", 0),
              R"({"event_type":"camera_moved","value":-150,"device":"desk-1","t":"2025-03-10T08:00:00.600+00:00","alerts_today":0})");
}
