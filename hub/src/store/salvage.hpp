#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pg::hub {

// What salvage() copied out of a damaged database.
struct SalvageReport {
    struct Table {
        std::string name;
        std::int64_t rows = 0;          // copied
        std::int64_t unreadable = 0;    // damaged stretches skipped
    };
    std::vector<Table> tables;
    struct Device {
        std::string name;
        std::int64_t samples_missing = 0;  // in stored batches, no longer in the hot tier
    };
    std::vector<Device> devices;  // only those that lost samples
};

// Copies every row still readable from a damaged hub database (opened
// read-only, never written) into a new one at `to`, then rebuilds the marts:
// from the copied rollups, or, if those were damaged, from the samples left.
// Damaged stretches of a table are stepped over; the rows on them are lost.
// Batches whose rows were lost show as sequence gaps; samples of stored
// batches that were lost are counted per device. Throws StoreError if `to`
// exists or `from` is not a hub database of this schema version.
SalvageReport salvage(const std::filesystem::path& from, const std::filesystem::path& to);

// A consistent copy of a hub database, write-ahead log included, as one file at
// `to` (which must not exist). Reads `from` only, also while the hub runs.
void backup(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace pg::hub
