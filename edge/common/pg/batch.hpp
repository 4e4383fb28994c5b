#pragma once

#include "pg/posture_state.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace pg {

// One analysed tick. Metrics are quantised as they travel (WIRE-FORMAT.md):
// width and drop in hundredths, pitch and roll in whole degrees.
struct Sample {
    std::int64_t t_ms = 0;  // Unix time, milliseconds
    PostureState state = PostureState::uncalibrated;
    std::uint8_t score = 0;       // 0..100
    std::int16_t width_c = 0;     // face width / calibrated width, x100
    std::int16_t drop_c = 0;      // face centre drop in calibrated face heights, x100
    std::int16_t pitch_deg = 0;   // head pitch change from baseline, degrees
    std::int16_t roll_deg = 0;    // head roll change from baseline, degrees

    bool operator==(const Sample&) const = default;
};

struct Event {
    std::int64_t t_ms = 0;
    EventType type = EventType::alert;
    std::int32_t value = 0;  // meaning per type (alert level, snooze minutes, ...)

    bool operator==(const Event&) const = default;
};

inline constexpr int kWireVersion = 1;

// A batch of a few seconds of samples plus the events in that span.
struct Batch {
    int version = kWireVersion;
    std::string device;
    std::uint32_t stream = 0;  // sequence space: new when the device's state is reset
    std::uint64_t seq = 0;     // persistent, +1 per batch within a stream
    std::int64_t t0_ms = 0;    // time of the first sample (or of the batch if empty)
    std::uint32_t cadence_ms = 600;
    std::string tz;            // the device's IANA time zone, e.g. "Europe/Berlin"
    bool clock_synced = true;
    std::uint32_t dropped_samples = 0;  // lost at the edge since the previous batch
    std::vector<Sample> samples;
    std::vector<Event> events;

    bool operator==(const Batch&) const = default;
};

}  // namespace pg
