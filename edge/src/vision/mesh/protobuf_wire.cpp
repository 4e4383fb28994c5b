#include "vision/mesh/protobuf_wire.hpp"

#include <bit>
#include <string>

namespace pg::protobuf {

std::uint64_t Reader::varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (pos_ >= data_.size()) throw WireError("truncated varint at byte " + std::to_string(pos_));
        const std::uint8_t b = data_[pos_++];
        v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
    throw WireError("varint longer than 10 bytes at byte " + std::to_string(pos_));
}

std::optional<Field> Reader::next() {
    if (done()) return std::nullopt;
    const std::uint64_t key = varint();
    Field f;
    f.number = static_cast<std::uint32_t>(key >> 3);
    const auto need = [&](std::uint64_t n) {
        if (n > data_.size() - pos_)
            throw WireError("field " + std::to_string(f.number) + " runs past the end of the message");
    };
    switch (key & 7) {
    case 0:
        f.type = WireType::varint;
        f.value = varint();
        break;
    case 1:
        f.type = WireType::fixed64;
        need(8);
        for (int i = 0; i < 8; ++i) f.value |= static_cast<std::uint64_t>(data_[pos_ + i]) << (8 * i);
        pos_ += 8;
        break;
    case 2: {
        f.type = WireType::bytes;
        const std::uint64_t n = varint();
        need(n);
        f.bytes = data_.subspan(pos_, n);
        pos_ += n;
        break;
    }
    case 5:
        f.type = WireType::fixed32;
        need(4);
        for (int i = 0; i < 4; ++i) f.value |= static_cast<std::uint64_t>(data_[pos_ + i]) << (8 * i);
        pos_ += 4;
        break;
    default:
        throw WireError("unsupported wire type " + std::to_string(key & 7) + " in field " + std::to_string(f.number));
    }
    return f;
}

float as_float(const Field& f) { return std::bit_cast<float>(static_cast<std::uint32_t>(f.value)); }

}  // namespace pg::protobuf
