#pragma once

#include <cstdint>

namespace pg::hub {

// What one or more ingest transactions did; the hub sums these for its log.
struct IngestStats {
    std::int64_t messages = 0;
    std::int64_t batches = 0;     // newly stored
    std::int64_t samples = 0;
    std::int64_t events = 0;
    std::int64_t duplicates = 0;  // redelivered batches, not stored again
    std::int64_t dead_letters = 0;
    std::int64_t days_refreshed = 0;

    IngestStats& operator+=(const IngestStats& o) {
        messages += o.messages;
        batches += o.batches;
        samples += o.samples;
        events += o.events;
        duplicates += o.duplicates;
        dead_letters += o.dead_letters;
        days_refreshed += o.days_refreshed;
        return *this;
    }
    // What happened since `before` was taken (the log's "last minute").
    IngestStats operator-(const IngestStats& before) const {
        IngestStats d = *this;
        d.messages -= before.messages;
        d.batches -= before.batches;
        d.samples -= before.samples;
        d.events -= before.events;
        d.duplicates -= before.duplicates;
        d.dead_letters -= before.dead_letters;
        d.days_refreshed -= before.days_refreshed;
        return d;
    }
};

}  // namespace pg::hub
