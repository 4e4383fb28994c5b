#include "store/migrations.hpp"

namespace pg::hub {
namespace {

// Migration 1, the walking skeleton. Times are Unix milliseconds (UTC); days are
// 'YYYY-MM-DD' in the device's own zone. Devices get an integer id so the hot
// tables stay small; the name is what topics and users say.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE devices (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    tz             TEXT NOT NULL,
    first_seen_ms  INTEGER NOT NULL,
    last_seen_ms   INTEGER NOT NULL,
    duplicates     INTEGER NOT NULL DEFAULT 0  -- redelivered batches, stored once
);

-- One row per accepted batch; the primary key makes redelivery idempotent.
CREATE TABLE batches (
    device_id        INTEGER NOT NULL REFERENCES devices(id),
    stream           INTEGER NOT NULL,
    seq              INTEGER NOT NULL,
    t0_ms            INTEGER NOT NULL,
    cadence_ms       INTEGER NOT NULL,
    n_samples        INTEGER NOT NULL,
    n_events         INTEGER NOT NULL,
    dropped_samples  INTEGER NOT NULL,
    received_at_ms   INTEGER NOT NULL,
    PRIMARY KEY (device_id, stream, seq)
) WITHOUT ROWID;

-- Hot tier: raw samples. dur_ms is the batch cadence, the time each one stands for.
CREATE TABLE samples (
    device_id  INTEGER NOT NULL REFERENCES devices(id),
    t_ms       INTEGER NOT NULL,
    state      INTEGER NOT NULL,
    score      INTEGER NOT NULL,
    width_c    INTEGER NOT NULL,
    drop_c     INTEGER NOT NULL,
    pitch_deg  INTEGER NOT NULL,
    roll_deg   INTEGER NOT NULL,
    dur_ms     INTEGER NOT NULL
);
CREATE INDEX samples_by_device_time ON samples (device_id, t_ms);

CREATE TABLE events (
    device_id  INTEGER NOT NULL REFERENCES devices(id),
    t_ms       INTEGER NOT NULL,
    type       INTEGER NOT NULL,
    value      INTEGER NOT NULL
);
CREATE INDEX events_by_device_time ON events (device_id, t_ms);

-- Everything refused, with the raw bytes. `device` is the topic's device when the
-- topic had our shape, so a device's refusals can be counted even if it was never
-- accepted (hence text, not a reference).
CREATE TABLE dead_letters (
    id              INTEGER PRIMARY KEY,
    received_at_ms  INTEGER NOT NULL,
    topic           TEXT NOT NULL,
    device          TEXT,
    reason          TEXT NOT NULL,
    detail          TEXT NOT NULL,
    payload         BLOB NOT NULL
);
CREATE INDEX dead_letters_by_device ON dead_letters (device);

-- Cold tier: one row per device and local day, recomputed from samples.
CREATE TABLE daily_mart (
    device_id           INTEGER NOT NULL REFERENCES devices(id),
    day                 TEXT NOT NULL,
    monitored_ms        INTEGER NOT NULL,
    present_ms          INTEGER NOT NULL,
    good_ms             INTEGER NOT NULL,
    forward_head_ms     INTEGER NOT NULL,
    slouch_ms           INTEGER NOT NULL,
    looking_down_ms     INTEGER NOT NULL,
    tilt_ms             INTEGER NOT NULL,
    away_ms             INTEGER NOT NULL,
    too_dark_ms         INTEGER NOT NULL,
    uncalibrated_ms     INTEGER NOT NULL,
    camera_error_ms     INTEGER NOT NULL,
    score_sum           INTEGER NOT NULL,  -- over present samples
    score_n             INTEGER NOT NULL,
    alerts              INTEGER NOT NULL,
    first_sample_ms     INTEGER NOT NULL,
    last_sample_ms      INTEGER NOT NULL,
    PRIMARY KEY (device_id, day)
) WITHOUT ROWID;

-- Device-days touched since their mart row was last computed.
CREATE TABLE dirty_days (
    device_id  INTEGER NOT NULL REFERENCES devices(id),
    day        TEXT NOT NULL,
    PRIMARY KEY (device_id, day)
) WITHOUT ROWID;
)sql";

constexpr Migration kMigrations[] = {
    {1, "walking skeleton: devices, batches, samples, events, dead letters, daily mart", kSchemaV1},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace pg::hub
