#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pg::hub {

// A message as the hub received it: copied off the MQTT thread, stamped with the
// hub's clock. The received time is also "now" for the sanity checks.
struct IncomingMessage {
    std::string topic;
    std::vector<std::uint8_t> payload;
    std::int64_t received_ms = 0;
};

}  // namespace pg::hub
