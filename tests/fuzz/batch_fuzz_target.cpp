// libFuzzer target: everything the hub does to an untrusted MQTT message before
// storing it — CBOR decoding of wire format v1 and the hub's validation — must
// never crash, hang or trip a sanitizer, whatever the bytes and the topic.
// Built with clang-14 -fsanitize=fuzzer,address,undefined (tests/fuzz/CMakeLists.txt).
#include "ingest/validate.hpp"
#include "pg/batch_codec.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {

// The first byte picks the topic shape, so topic checks are fuzzed too.
std::string topic_for(std::uint8_t selector, const pg::Batch* decoded) {
    switch (selector % 5) {
    case 0: return "postureguard/fuzz-dev/batch";
    case 1: return decoded ? "postureguard/" + decoded->device + "/batch" : "postureguard/x/batch";
    case 2: return "postureguard/+/batch";
    case 3: return "other/fuzz-dev/batch";
    default: return "postureguard//batch";
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    std::span<const std::uint8_t> payload(data + 1, size - 1);
    auto decoded = pg::decode_batch(payload);
    const pg::Batch* batch = std::get_if<pg::Batch>(&decoded);
    if (batch) {
        // Whatever decodes must re-encode to something that decodes to the same.
        auto again = pg::decode_batch(pg::encode_batch(*batch));
        const pg::Batch* b2 = std::get_if<pg::Batch>(&again);
        if (!b2 || !(*b2 == *batch)) std::abort();
    }
    pg::hub::IncomingMessage msg;
    msg.topic = topic_for(data[0], batch);
    msg.payload.assign(payload.begin(), payload.end());
    msg.received_ms = 1'795'000'000'000;
    auto verdict = pg::hub::validate_message(msg, "postureguard");
    if (auto* refused = std::get_if<pg::hub::Refused>(&verdict); refused && refused->reason.empty()) std::abort();
    return 0;
}
