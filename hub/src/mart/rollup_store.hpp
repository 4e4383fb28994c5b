#pragma once

#include "mart/local_day.hpp"
#include "mart/minute_rollup.hpp"
#include "store/database.hpp"
#include "store/sample_blocks.hpp"

#include <cstdint>
#include <vector>

namespace pg::hub {

// The warm tier's SQL: minute_rollup rows computed from samples, and read back
// for the daily mart and the day timeline.
class RollupStore {
public:
    explicit RollupStore(const Database& db);

    // Recomputes the rollups of minutes [begin_ms, end_ms) from their samples in
    // one ordered scan: rows of minutes without samples are deleted. Returns the
    // number of rollups written.
    int recompute(std::int64_t device_id, std::int64_t begin_ms, std::int64_t end_ms);

    // Rollups with minute_ms in the span, in time order.
    std::vector<MinuteRollup> load(std::int64_t device_id, const TimeSpan& span);

    // Inserts or replaces one rollup as it is (benchmarks build large warm tiers with it).
    void write(std::int64_t device_id, const MinuteRollup& r);

private:
    SampleBlocks samples_;
    Statement erase_;
    Statement upsert_;
    Statement load_;
};

}  // namespace pg::hub
