#pragma once

#include "ingest/incoming_message.hpp"
#include "store/database.hpp"

#include <optional>
#include <span>
#include <string_view>

namespace pg::hub {

// Migration 5: the newest `state` (JSON) and `availability` (online/offline, the
// Last Will included) of each device. On the fleet path a broker cluster keeps
// retained messages on one node only, so the hub keeps them instead.
inline constexpr std::string_view kDeviceStateSchema = R"sql(
CREATE TABLE device_state (
    device       TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('state', 'availability')),
    payload      TEXT NOT NULL,
    received_ms  INTEGER NOT NULL,
    PRIMARY KEY (device, kind)
) WITHOUT ROWID;
)sql";

struct StateStats {
    std::int64_t kept = 0;
    std::int64_t dead_letters = 0;
};

// Keeps the latest state and availability per device. Messages arrive in the
// order the devices sent them (one consumer at a time on the state queue), so
// the last one written is the newest. What is not a device's state or
// availability goes to dead_letters with the reason.
class DeviceStateStore {
public:
    DeviceStateStore(Database& db, std::string prefix);
    DeviceStateStore(const DeviceStateStore&) = delete;
    DeviceStateStore& operator=(const DeviceStateStore&) = delete;

    // All in one transaction; nullopt: the database was busy, nothing was kept.
    [[nodiscard]] std::optional<StateStats> keep(std::span<const IncomingMessage> messages);

private:
    Database& db_;
    std::string prefix_;
    Statement upsert_;
    Statement dead_letter_;
};

}  // namespace pg::hub
