#include "app/outbox_record.hpp"

#include "app/crc32.hpp"

#include <cstring>

namespace pg::outbox {
namespace {

constexpr std::uint32_t kMagic = 0x32524750;     // "PGR2"
constexpr std::uint32_t kV1Batch = 0x424f4750;   // "PGOB"
constexpr std::uint32_t kV1Ack = 0x4b414750;     // "PGAK"
constexpr std::uint32_t kV1Floor = 0x4c464750;   // "PGFL"
constexpr std::size_t kPrefix = 16;              // magic, type + padding, body length, body crc
constexpr std::size_t kV1Header = 12;

int field_count(Type t) {
    switch (t) {
        case Type::batch: return 4;
        case Type::ack: return 1;
        case Type::floor: return 5;
        case Type::loss: return 4;
    }
    return -1;
}

std::size_t header_size(Type t) { return kPrefix + 8 * static_cast<std::size_t>(field_count(t)) + 4; }

void put(std::vector<std::uint8_t>& v, std::uint64_t x, int bytes) {
    for (int i = 0; i < bytes; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
}

std::uint64_t get(const std::uint8_t* p, int bytes) {
    std::uint64_t x = 0;
    for (int i = bytes - 1; i >= 0; --i) x = (x << 8) | p[i];
    return x;
}

bool known_type(std::uint8_t t) { return t >= 1 && t <= 4; }

// Format 1: magic, body length, body crc, body. No header checksum, so only an
// intact record is of any use.
Parsed parse_v1(std::span<const std::uint8_t> data, std::size_t off, std::uint32_t magic) {
    Parsed p;
    if (off + kV1Header > data.size()) return p;
    const auto len = static_cast<std::size_t>(get(&data[off + 4], 4));
    if (len > data.size() - off - kV1Header) return p;
    const auto body = data.subspan(off + kV1Header, len);
    if (crc32(body) != static_cast<std::uint32_t>(get(&data[off + 8], 4))) return p;
    Record r;
    r.legacy = true;
    if (magic == kV1Batch && len >= 12) {
        r.type = Type::batch;
        r.a = get(body.data(), 8);
        r.b = get(body.data() + 8, 4);
        r.body.assign(body.begin() + 12, body.end());
    } else if (magic == kV1Ack && len == 8) {
        r.type = Type::ack;
        r.a = get(body.data(), 8);
    } else if (magic == kV1Floor && len == 16) {
        r.type = Type::floor;
        r.a = get(body.data(), 8);
        r.b = get(body.data() + 8, 8);
    } else {
        return p;
    }
    p.kind = Parsed::Kind::record;
    p.record = std::move(r);
    p.size = kV1Header + len;
    return p;
}

}  // namespace

std::size_t encoded_size(Type t, std::size_t body) { return header_size(t) + body; }

std::vector<std::uint8_t> encode(const Record& r) {
    std::vector<std::uint8_t> out;
    out.reserve(encoded_size(r.type, r.body.size()));
    put(out, kMagic, 4);
    put(out, static_cast<std::uint8_t>(r.type), 4);  // the type, then three zero bytes
    put(out, r.body.size(), 4);
    put(out, crc32(r.body), 4);
    const std::uint64_t fields[] = {r.a, r.b, r.c, r.d, r.e};
    for (int i = 0; i < field_count(r.type); ++i) put(out, fields[i], 8);
    put(out, crc32(out), 4);
    out.insert(out.end(), r.body.begin(), r.body.end());
    return out;
}

Parsed parse(std::span<const std::uint8_t> data, std::size_t off) {
    Parsed p;
    if (off + 4 > data.size()) return p;
    const auto magic = static_cast<std::uint32_t>(get(&data[off], 4));
    if (magic == kV1Batch || magic == kV1Ack || magic == kV1Floor) return parse_v1(data, off, magic);
    if (magic != kMagic || off + kPrefix > data.size() || !known_type(data[off + 4])) return p;
    const auto type = static_cast<Type>(data[off + 4]);
    const std::size_t head = header_size(type);
    if (off + head > data.size()) return p;
    if (crc32(data.subspan(off, head - 4)) != static_cast<std::uint32_t>(get(&data[off + head - 4], 4))) return p;
    Record& r = p.record;
    r.type = type;
    std::uint64_t* fields[] = {&r.a, &r.b, &r.c, &r.d, &r.e};
    for (int i = 0; i < field_count(type); ++i) *fields[i] = get(&data[off + kPrefix + 8 * i], 8);
    const auto len = static_cast<std::size_t>(get(&data[off + 8], 4));
    // The header is intact, so its length is the writer's: a body running past
    // the end of the data was cut off.
    p.size = head + len;
    if (len > data.size() - off - head) {
        p.kind = Parsed::Kind::torn_body;
        return p;
    }
    const auto body = data.subspan(off + head, len);
    if (crc32(body) != static_cast<std::uint32_t>(get(&data[off + 12], 4))) {
        p.kind = Parsed::Kind::torn_body;
        return p;
    }
    r.body.assign(body.begin(), body.end());
    p.kind = Parsed::Kind::record;
    return p;
}

std::optional<std::size_t> next_intact(std::span<const std::uint8_t> data, std::size_t from) {
    // Every magic starts with 'P' (0x50): only those bytes need a closer look.
    for (std::size_t off = from + 1; off + 4 <= data.size(); ++off) {
        const auto* hit = static_cast<const std::uint8_t*>(std::memchr(&data[off], 0x50, data.size() - off));
        if (!hit) return std::nullopt;
        off = static_cast<std::size_t>(hit - data.data());
        if (parse(data, off).kind == Parsed::Kind::record) return off;
    }
    return std::nullopt;
}

}  // namespace pg::outbox
