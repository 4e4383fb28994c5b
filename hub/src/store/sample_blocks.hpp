#pragma once

#include "pg/batch.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace pg::hub {

// The hot tier packs samples into blocks, one row per batch as a rule, instead
// of one row per sample: two b-tree entries a batch instead of two a sample,
// which is most of what ingest costs, and a quarter of the disk.
//
// Block format 1: a format byte (1), then per sample, in time order, 14 bytes
// little-endian: u32 t - first_ms, u8 state, u8 score, i16 width_c, i16 drop_c,
// i16 pitch_deg, i16 roll_deg. The row holds first_ms, last_ms, the sample
// duration (the batch cadence) and the count.
inline constexpr std::uint8_t kSampleBlockFormat = 1;
inline constexpr std::size_t kSampleBlockRecordBytes = 14;
// A block spans at most this much time and holds at most this many samples, so
// the samples of a time range are found by an index range on first_ms.
inline constexpr std::int64_t kMaxBlockSpanMs = 15 * 60 * 1000;
inline constexpr std::size_t kMaxBlockSamples = 1024;

// `samples` sorted by time, spanning at most kMaxBlockSpanMs from the first.
std::vector<std::uint8_t> encode_sample_block(std::span<const Sample> samples);
// Appends the block's samples to `out`; returns what is wrong with a block that
// does not match its row (nothing is appended then).
std::optional<std::string> decode_sample_block(std::span<const std::uint8_t> data, std::int64_t first_ms,
                                               std::int64_t count, std::vector<Sample>& out);

struct HotSample {
    Sample sample;
    std::int64_t dur_ms = 0;  // the time it stands for
};

// The sample_blocks table: the only code that reads or writes it.
class SampleBlocks {
public:
    explicit SampleBlocks(const Database& db);

    // Stores samples of one device (any order) that each stand for `dur_ms`, in
    // as few blocks as the span and size limits allow.
    void add(std::int64_t device_id, std::span<const Sample> samples, std::int64_t dur_ms);
    // Samples with begin_ms <= t < end_ms, in time order. A damaged block is
    // skipped with a warning naming it, so one bad row cannot stop the marts.
    std::vector<HotSample> read(std::int64_t device_id, std::int64_t begin_ms, std::int64_t end_ms);
    // Deletes the samples before `horizon_ms` (a block across it keeps its later
    // part); returns how many went.
    std::int64_t erase_before(std::int64_t device_id, std::int64_t horizon_ms);
    // A time range holding every sample at or after `from_ms` (from_ms or the first
    // block's start, to the last sample), if there is one.
    std::optional<std::pair<std::int64_t, std::int64_t>> time_range(std::int64_t device_id, std::int64_t from_ms);

private:
    void insert_block(std::int64_t device_id, std::span<const Sample> sorted, std::int64_t dur_ms);

    Statement insert_;
    Statement overlapping_;
    Statement count_before_;
    Statement erase_before_;
    Statement across_;
    Statement erase_row_;
    Statement range_;
};

}  // namespace pg::hub
