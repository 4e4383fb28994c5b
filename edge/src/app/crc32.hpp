#pragma once

#include <cstdint>
#include <span>

namespace pg {

// CRC-32 (IEEE 802.3, as zlib's crc32): guards each outbox record against torn writes.
std::uint32_t crc32(std::span<const std::uint8_t> data, std::uint32_t crc = 0);

}  // namespace pg
