#include "ingest/validate.hpp"

#include "mart/local_day.hpp"
#include "pg/batch_codec.hpp"
#include "pg/device_id.hpp"
#include "pg/mqtt_config.hpp"

#include <algorithm>

namespace pg::hub {
namespace {

Refused refuse(std::string device, std::string_view code, std::string detail) {
    return Refused{std::move(device), std::string(code), std::move(detail)};
}

// The first time outside [2020-01-01, now + 1 day], or nullopt if all are sane.
std::optional<std::int64_t> insane_time(const Batch& b, std::int64_t now_ms) {
    const auto bad = [&](std::int64_t t) { return t < kEarliestValidMs || t > now_ms + kMaxFutureMs; };
    if (bad(b.t0_ms)) return b.t0_ms;
    for (const auto& s : b.samples)
        if (bad(s.t_ms)) return s.t_ms;
    for (const auto& e : b.events)
        if (bad(e.t_ms)) return e.t_ms;
    return std::nullopt;
}

}  // namespace

Verdict validate_message(const IncomingMessage& msg, std::string_view prefix) {
    const std::string device = device_of_topic(msg.topic, prefix, "batch");
    if (device.empty())
        return refuse("", reason::bad_topic,
                      "topic '" + msg.topic + "' is not " + std::string(prefix) + "/<device>/batch");
    if (!is_valid_device_id(device))
        return refuse("", reason::bad_topic,
                      "topic device '" + device + "' is not a valid device id (" + kDeviceIdRule + ")");

    auto decoded = decode_batch(msg.payload);
    if (auto* err = std::get_if<DecodeError>(&decoded))
        return refuse(device, to_string(err->code), err->message);
    Batch& batch = std::get<Batch>(decoded);

    // An edge may only speak for itself: the broker's ACL binds the topic to the
    // login, so the topic is the authority and the payload must agree with it.
    if (batch.device != device)
        return refuse(device, reason::device_mismatch,
                      "payload device '" + batch.device + "' differs from topic device '" + device + "'");
    if (!batch.clock_synced)
        return refuse(device, reason::clock_unsynced,
                      "the device clock was not synchronised; its sample times cannot be placed on a day");
    auto zone = load_zone(batch.tz);
    if (!zone)
        return refuse(device, reason::bad_timezone, "time zone '" + batch.tz + "' is not a known IANA zone");
    if (auto t = insane_time(batch, msg.received_ms))
        return refuse(device, reason::bad_time,
                      "time " + std::to_string(*t) + " ms is before 2020-01-01 or more than a day after the hub's "
                      "clock (" + std::to_string(msg.received_ms) + " ms)");
    return Accepted{std::move(batch), *zone};
}

}  // namespace pg::hub
