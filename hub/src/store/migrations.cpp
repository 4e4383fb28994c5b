#include "store/migrations.hpp"

#include "pg/log.hpp"
#include "store/database.hpp"
#include "store/device_state.hpp"
#include "store/sample_blocks.hpp"

#include <limits>
#include <vector>

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


// Migration 2, the tiers (DESIGN.md "Tiers") and the full daily and weekly marts.
// Hot samples may now be pruned, so everything a mart needs is first rolled up
// per minute (warm). UTC minutes nest in every local day and hour because all
// current IANA offsets are whole minutes.
constexpr std::string_view kSchemaV2 = R"sql(
-- Samples before this instant were pruned; older minutes and days are frozen.
ALTER TABLE devices ADD COLUMN pruned_before_ms INTEGER NOT NULL DEFAULT 0;

-- Warm tier: one row per device and minute with samples, kept forever.
CREATE TABLE minute_rollup (
    device_id        INTEGER NOT NULL REFERENCES devices(id),
    minute_ms        INTEGER NOT NULL,
    good_ms          INTEGER NOT NULL,
    forward_head_ms  INTEGER NOT NULL,
    slouch_ms        INTEGER NOT NULL,
    looking_down_ms  INTEGER NOT NULL,
    tilt_ms          INTEGER NOT NULL,
    away_ms          INTEGER NOT NULL,
    too_dark_ms      INTEGER NOT NULL,
    uncalibrated_ms  INTEGER NOT NULL,
    camera_error_ms  INTEGER NOT NULL,
    score_sum        INTEGER NOT NULL,
    score_n          INTEGER NOT NULL,
    scores           BLOB NOT NULL,     -- present samples' scores, one byte each, sorted: exact percentiles
    first_ms         INTEGER NOT NULL,  -- first sample time
    last_ms          INTEGER NOT NULL,  -- last sample time
    last_dur_ms      INTEGER NOT NULL,  -- and the time it stands for
    good_head_ms     INTEGER NOT NULL,  -- good run from the first sample
    good_tail_ms     INTEGER NOT NULL,  -- good run up to the last sample
    good_best_ms     INTEGER NOT NULL,  -- longest good run inside the minute
    PRIMARY KEY (device_id, minute_ms)
) WITHOUT ROWID;

CREATE TABLE dirty_minutes (
    device_id  INTEGER NOT NULL REFERENCES devices(id),
    minute_ms  INTEGER NOT NULL,
    PRIMARY KEY (device_id, minute_ms)
) WITHOUT ROWID;

ALTER TABLE daily_mart ADD COLUMN score_p10 INTEGER;  -- NULL: nobody present
ALTER TABLE daily_mart ADD COLUMN score_p50 INTEGER;
ALTER TABLE daily_mart ADD COLUMN score_p90 INTEGER;
ALTER TABLE daily_mart ADD COLUMN snoozes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_mart ADD COLUMN calibrations INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_mart ADD COLUMN longest_good_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_mart ADD COLUMN sessions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_mart ADD COLUMN longest_sitting_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_mart ADD COLUMN breaks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_mart ADD COLUMN break_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_mart ADD COLUMN grade TEXT;  -- NULL: no present time

-- The hourly profile of a daily mart row; hour is local (0..23), so the repeated
-- hour of an autumn DST day holds both of its real hours.
CREATE TABLE hourly_mart (
    device_id   INTEGER NOT NULL REFERENCES devices(id),
    day         TEXT NOT NULL,
    hour        INTEGER NOT NULL,
    present_ms  INTEGER NOT NULL,
    good_ms     INTEGER NOT NULL,
    score_sum   INTEGER NOT NULL,
    score_n     INTEGER NOT NULL,
    PRIMARY KEY (device_id, day, hour)
) WITHOUT ROWID;

-- Cold tier: one row per device and ISO week, summed from daily_mart.
CREATE TABLE weekly_mart (
    device_id           INTEGER NOT NULL REFERENCES devices(id),
    week                TEXT NOT NULL,  -- 'YYYY-Www'
    first_day           TEXT NOT NULL,  -- its Monday
    days_with_data      INTEGER NOT NULL,
    monitored_ms        INTEGER NOT NULL,
    present_ms          INTEGER NOT NULL,
    good_ms             INTEGER NOT NULL,
    forward_head_ms     INTEGER NOT NULL,
    slouch_ms           INTEGER NOT NULL,
    looking_down_ms     INTEGER NOT NULL,
    tilt_ms             INTEGER NOT NULL,
    away_ms             INTEGER NOT NULL,
    score_sum           INTEGER NOT NULL,
    score_n             INTEGER NOT NULL,
    alerts              INTEGER NOT NULL,
    snoozes             INTEGER NOT NULL,
    calibrations        INTEGER NOT NULL,
    longest_good_ms     INTEGER NOT NULL,
    longest_sitting_ms  INTEGER NOT NULL,
    sessions            INTEGER NOT NULL,
    breaks              INTEGER NOT NULL,
    best_day            TEXT,
    worst_day           TEXT,
    grade               TEXT,
    PRIMARY KEY (device_id, week)
) WITHOUT ROWID;

-- A skeleton database is recomputed under the new definitions by the hub's
-- first refresh: every minute with samples and every day with a mart row.
INSERT OR IGNORE INTO dirty_minutes (device_id, minute_ms)
    SELECT DISTINCT device_id, (t_ms / 60000) * 60000 FROM samples;
INSERT OR IGNORE INTO dirty_days (device_id, day) SELECT device_id, day FROM daily_mart;
)sql";

// Migration 3: the hot tier in blocks (store/sample_blocks.hpp). A row per
// sample made ingest cost two b-tree entries a sample; a block costs two a batch.
constexpr std::string_view kSchemaV3 = R"sql(
CREATE TABLE sample_blocks (
    device_id  INTEGER NOT NULL REFERENCES devices(id),
    first_ms   INTEGER NOT NULL,  -- first sample time
    last_ms    INTEGER NOT NULL,  -- last sample time, at most 15 minutes later
    dur_ms     INTEGER NOT NULL,  -- the time each sample stands for (the batch cadence)
    n          INTEGER NOT NULL,  -- samples in the block
    data       BLOB NOT NULL      -- the samples, block format 1
);
CREATE INDEX sample_blocks_by_device_time ON sample_blocks (device_id, first_ms);
)sql";

// Migration 4: the `paused` state (wire state 9). Paused time is kept apart
// from monitored time in every tier; older rows had none, so 0 is exact for
// them, and their monitored span is their sample span.
constexpr std::string_view kSchemaV4 = R"sql(
ALTER TABLE minute_rollup ADD COLUMN paused_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_mart ADD COLUMN paused_ms INTEGER NOT NULL DEFAULT 0;
-- First and last sample of the minutes with monitored time; 0 on a day only paused.
ALTER TABLE daily_mart ADD COLUMN first_monitored_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_mart ADD COLUMN last_monitored_ms INTEGER NOT NULL DEFAULT 0;
UPDATE daily_mart SET first_monitored_ms = first_sample_ms, last_monitored_ms = last_sample_ms;
ALTER TABLE weekly_mart ADD COLUMN paused_ms INTEGER NOT NULL DEFAULT 0;
)sql";

bool fits(long long v, long long lo, long long hi) { return v >= lo && v <= hi; }

// Samples rows into blocks, a device and a duration at a time, then the old table goes.
void move_samples_into_blocks(Database& db) {
    SampleBlocks blocks(db);
    std::vector<Sample> run;
    std::int64_t device = -1, dur = -1, moved = 0, refused = 0;
    const auto flush = [&] {
        if (!run.empty()) blocks.add(device, run, dur);
        moved += static_cast<std::int64_t>(run.size());
        run.clear();
    };
    {
        auto rows = db.prepare("SELECT device_id, t_ms, state, score, width_c, drop_c, pitch_deg, roll_deg, dur_ms "
                               "FROM samples ORDER BY device_id, t_ms");
        auto c = rows.bind();
        constexpr long long i16_min = std::numeric_limits<std::int16_t>::min();
        constexpr long long i16_max = std::numeric_limits<std::int16_t>::max();
        while (c.next()) {
            if (c.int64(0) != device || c.int64(8) != dur || run.size() >= 4096) {
                flush();
                device = c.int64(0);
                dur = c.int64(8);
            }
            const auto state = posture_state_from_int(c.int64(2));
            // Only a hand-edited file holds values the decoder never let in.
            if (!state || !fits(c.int64(3), 0, 255) || !fits(c.int64(4), i16_min, i16_max) ||
                !fits(c.int64(5), i16_min, i16_max) || !fits(c.int64(6), i16_min, i16_max) ||
                !fits(c.int64(7), i16_min, i16_max)) {
                ++refused;
                continue;
            }
            Sample s;
            s.t_ms = c.int64(1);
            s.state = *state;
            s.score = static_cast<std::uint8_t>(c.int64(3));
            s.width_c = static_cast<std::int16_t>(c.int64(4));
            s.drop_c = static_cast<std::int16_t>(c.int64(5));
            s.pitch_deg = static_cast<std::int16_t>(c.int64(6));
            s.roll_deg = static_cast<std::int16_t>(c.int64(7));
            run.push_back(s);
        }
        flush();
    }
    db.exec("DROP TABLE samples");
    if (moved > 0 || refused > 0)
        log::info("hub", "schema 3: ", moved, " samples moved into blocks",
                  refused ? ", " + std::to_string(refused) + " with values out of range left out" : std::string());
}

constexpr Migration kMigrations[] = {
    {1, "walking skeleton: devices, batches, samples, events, dead letters, daily mart", kSchemaV1},
    {2, "tiers: minute rollups, pruning horizon, full daily mart, hourly profile, weekly mart", kSchemaV2},
    {3, "hot tier in sample blocks: one row per batch instead of one per sample", kSchemaV3,
     move_samples_into_blocks},
    {4, "paused state: paused time in minute rollups, daily and weekly marts; the monitored span of a day",
     kSchemaV4},
    {5, "device state: the newest state and availability per device (the fleet path's retained messages)",
     kDeviceStateSchema},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace pg::hub
