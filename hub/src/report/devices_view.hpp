#pragma once

#include "store/database.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace pg::hub {

// What the hub knows about one device's delivery health.
struct DeviceSummary {
    std::string device;
    std::string timezone;
    std::int64_t samples = 0;          // carried by stored batches
    std::int64_t batches = 0;
    std::int64_t seq_gaps = 0;         // batches never received: per stream, span of seq minus count
    std::int64_t dropped_samples = 0;  // lost at the edge, as it reported
    std::int64_t dead_letters = 0;     // refused messages whose topic named the device
    std::int64_t duplicates = 0;       // redelivered batches, stored once
    std::string first_seen;            // ISO 8601 in the device's zone
    std::string last_seen;
};

std::vector<DeviceSummary> load_device_summaries(const Database& db);

std::string render_devices(const std::vector<DeviceSummary>& devices);
// Scripts rely on these keys: device, timezone, samples, batches, seq_gaps,
// dropped_samples, dead_letters, duplicates, first_seen, last_seen.
nlohmann::json devices_json(const std::vector<DeviceSummary>& devices);

}  // namespace pg::hub
