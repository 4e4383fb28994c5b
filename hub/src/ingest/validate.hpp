#pragma once

#include "ingest/incoming_message.hpp"
#include "pg/batch.hpp"

#include <cctz/time_zone.h>

#include <string>
#include <string_view>
#include <variant>

namespace pg::hub {

// Reason codes stored with dead letters, besides the decoder's own
// (`to_string(DecodeErrorCode)`: not_cbor, unsupported_version, ...). Stable:
// operators count and query them.
namespace reason {
inline constexpr std::string_view bad_topic = "bad_topic";
inline constexpr std::string_view device_mismatch = "device_mismatch";
inline constexpr std::string_view bad_timezone = "bad_timezone";
inline constexpr std::string_view bad_time = "bad_time";
inline constexpr std::string_view clock_unsynced = "clock_unsynced";
// (device, stream, seq) stored before with other contents: the device numbered
// a batch twice (its outbox lost records). Kept here rather than taken for a
// redelivery and dropped.
inline constexpr std::string_view seq_reused = "seq_reused";
}  // namespace reason

// Oldest time a sample may carry: before the product existed means a clock that
// never synced, whatever the flag says.
inline constexpr std::int64_t kEarliestValidMs = 1577836800000;  // 2020-01-01T00:00:00Z
inline constexpr std::int64_t kMaxFutureMs = 24LL * 3600 * 1000;

struct Accepted {
    Batch batch;
    cctz::time_zone zone;
};

struct Refused {
    std::string device;  // the topic's device if the topic had our shape, else ""
    std::string reason;  // a code from `reason` or the decoder
    std::string detail;  // for people: what exactly was wrong
};

using Verdict = std::variant<Accepted, Refused>;

// Everything the hub checks before storing a message; no I/O, never throws for
// bad input. `prefix` is the topic prefix, e.g. "postureguard".
Verdict validate_message(const IncomingMessage& msg, std::string_view prefix);

}  // namespace pg::hub
