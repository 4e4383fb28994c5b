#pragma once

#include "pg/batch.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace pg {

// Limits any decoder enforces before trusting a payload (WIRE-FORMAT.md).
inline constexpr std::size_t kMaxBatchBytes = 256 * 1024;
inline constexpr std::size_t kMaxBatchSamples = 20000;
inline constexpr std::size_t kMaxBatchEvents = 2000;

// Distinct, stable reasons: they are stored with dead letters and counted.
enum class DecodeErrorCode {
    oversized,
    not_cbor,
    not_a_map,
    unsupported_version,
    missing_field,
    bad_type,
    bad_value,
    unknown_field,
    column_mismatch,
    too_many,
};

std::string_view to_string(DecodeErrorCode c);

struct DecodeError {
    DecodeErrorCode code;
    std::string message;  // human-readable, names the field
};

using DecodeResult = std::variant<Batch, DecodeError>;

std::vector<std::uint8_t> encode_batch(const Batch& batch);
DecodeResult decode_batch(std::span<const std::uint8_t> payload);

}  // namespace pg
