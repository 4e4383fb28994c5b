#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>

namespace pg::protobuf {

// The protobuf wire format, read field by field: enough to take a few known
// fields out of a message without a generated schema (MediaPipe ships its
// canonical face mesh as a binary protobuf).
class WireError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class WireType : std::uint8_t { varint = 0, fixed64 = 1, bytes = 2, fixed32 = 5 };

struct Field {
    std::uint32_t number = 0;
    WireType type = WireType::varint;
    std::uint64_t value = 0;               // varint, fixed32, fixed64
    std::span<const std::uint8_t> bytes;   // length-delimited (nested message, packed repeated)
};

class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> data) : data_(data) {}

    // The next field, nullopt at the end; throws WireError on a truncated or
    // malformed message (unknown wire types included).
    std::optional<Field> next();
    // A varint from a packed repeated field's bytes.
    std::uint64_t varint();
    bool done() const { return pos_ >= data_.size(); }

private:
    std::span<const std::uint8_t> data_;
    std::size_t pos_ = 0;
};

float as_float(const Field& f);  // a fixed32 field's bits

}  // namespace pg::protobuf
