#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace pg::outbox {

// The records of the outbox's segment files (OUTBOX-FORMAT in outbox.hpp).
//
// Format 2, little endian:
//   magic "PGR2" u32 | type u8 | 3 zero bytes | body length u32 | body crc u32 |
//   the type's fields (u64 each) | header crc u32 over all of the above | body
// The header has its own checksum so a record whose body was torn (the power
// failed mid-write) or whose payload later rotted still says which batch it was.
// Format 1 (magic, length, crc, body; read only) is what earlier releases wrote.
enum class Type : std::uint8_t { batch = 1, ack = 2, floor = 3, loss = 4 };

// One decoded record. The meaning of a..e depends on the type:
//   batch  a seq, b samples, c samples of all lower seqs (lost ones too),
//          d losses reported in batches up to this one; body = the payload
//   ack    a watermark (every seq <= it acknowledged or dropped)
//   floor  a highest seq used, b watermark, c samples produced, d lost, e reported;
//          opens every segment, so numbering and counts survive its predecessors
//   loss   a first and b last seq lost (0, 0: samples lost before batching),
//          c samples lost, d lost in total; body = zeros covering damaged bytes
struct Record {
    Type type = Type::batch;
    std::uint64_t a = 0, b = 0, c = 0, d = 0, e = 0;
    std::vector<std::uint8_t> body;
    bool legacy = false;  // format 1: a batch without counts (c, d), a floor without c..e
};

std::vector<std::uint8_t> encode(const Record& r);
// Bytes encode() gives a record of this type with `body` bytes.
std::size_t encoded_size(Type t, std::size_t body);

// What parse() finds at an offset.
struct Parsed {
    enum class Kind {
        record,       // complete and intact
        torn_body,    // header intact, body not: `record` holds the header fields
        invalid,      // no record starts here (zeros, garbage, a torn header)
    };
    Kind kind = Kind::invalid;
    Record record;
    std::size_t size = 0;  // bytes the record spans (record and torn_body)
};
Parsed parse(std::span<const std::uint8_t> data, std::size_t offset);

// The first offset after `from` where parse() finds an intact record, if any:
// recovery resumes there after a damaged stretch.
std::optional<std::size_t> next_intact(std::span<const std::uint8_t> data, std::size_t from);

}  // namespace pg::outbox
