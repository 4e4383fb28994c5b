// The hot tier's blocks: the format, how samples are split into blocks, reading a
// time range back, exact pruning across a block, a damaged block, and moving a
// schema-2 samples table into blocks.
#include "hub_fixture.hpp"
#include "store/migrations.hpp"
#include "store/sample_blocks.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace pg;
using namespace pg::hub;
using pg::hub::test::scalar;

namespace {

constexpr std::int64_t kT0 = 1773133200000;  // 2026-03-10 09:00 UTC

Sample sample(std::int64_t t, PostureState st = PostureState::good, int score = 90) {
    Sample s;
    s.t_ms = t;
    s.state = st;
    s.score = static_cast<std::uint8_t>(score);
    s.width_c = -32768;
    s.drop_c = 32767;
    s.pitch_deg = -45;
    s.roll_deg = 7;
    return s;
}

std::vector<Sample> every(std::int64_t from, std::int64_t step, int n) {
    std::vector<Sample> out;
    for (int i = 0; i < n; ++i) out.push_back(sample(from + i * step, i % 3 ? PostureState::good : PostureState::slouch, i % 101));
    return out;
}

class SampleBlocksTest : public test::EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (IsSkipped()) return;
        db_ = std::make_unique<Database>(open_hub());
        db_->exec("INSERT INTO devices (id, name, tz, first_seen_ms, last_seen_ms) VALUES (1, 'desk-1', 'UTC', 0, 0)");
    }
    std::vector<Sample> read(std::int64_t begin, std::int64_t end) {
        SampleBlocks blocks(*db_);
        std::vector<Sample> out;
        for (const auto& h : blocks.read(1, begin, end)) out.push_back(h.sample);
        return out;
    }
    std::unique_ptr<Database> db_;
};

// An SQLite file as an older build left it: the upgrade moves its samples.
class SampleBlocksUpgrade : public test::TempDirTest {};

}  // namespace

PG_INSTANTIATE_ENGINES(SampleBlocksTest);

TEST(SampleBlockFormat, RoundTripsEveryField) {
    const auto in = every(kT0, 600, 50);
    const auto bytes = encode_sample_block(in);
    EXPECT_EQ(bytes.size(), 1 + 50 * kSampleBlockRecordBytes);
    std::vector<Sample> out;
    EXPECT_FALSE(decode_sample_block(bytes, kT0, 50, out));
    EXPECT_EQ(out, in);
}

TEST(SampleBlockFormat, RefusesWhatDoesNotMatchItsRow) {
    const auto bytes = encode_sample_block(every(kT0, 600, 3));
    std::vector<Sample> out{sample(1)};
    EXPECT_TRUE(decode_sample_block(bytes, kT0, 4, out));  // the row says 4
    auto other_format = bytes;
    other_format[0] = 2;
    EXPECT_TRUE(decode_sample_block(other_format, kT0, 3, out));
    auto bad_state = bytes;
    bad_state[1 + 4] = 200;
    EXPECT_TRUE(decode_sample_block(bad_state, kT0, 3, out));
    EXPECT_TRUE(decode_sample_block({}, kT0, 0, out));
    EXPECT_EQ(out.size(), 1u) << "a refused block appended samples";
}

TEST_P(SampleBlocksTest, OneBatchIsOneBlockAndLongRunsAreSplit) {
    SampleBlocks blocks(*db_);
    blocks.add(1, every(kT0, 600, 16), 600);
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM sample_blocks"), 1);
    // 2,000 samples 1 s apart: 33 min 20 s, so three blocks of at most 15 minutes.
    blocks.add(1, every(kT0 + 3600000, 1000, 2000), 1000);
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM sample_blocks"), 4);
    EXPECT_EQ(scalar(*db_, "SELECT max(last_ms - first_ms) FROM sample_blocks") <= kMaxBlockSpanMs, true);
    EXPECT_EQ(scalar(*db_, "SELECT sum(n) FROM sample_blocks"), 2016);
    // 2,000 samples 100 ms apart: the count limit splits them.
    blocks.add(1, every(kT0 + 7200000, 100, 2000), 100);
    EXPECT_EQ(scalar(*db_, "SELECT max(n) FROM sample_blocks"), static_cast<std::int64_t>(kMaxBlockSamples));
}

TEST_P(SampleBlocksTest, ReadsATimeRangeInOrderAcrossBlocks) {
    SampleBlocks blocks(*db_);
    auto shuffled = every(kT0, 600, 200);  // two minutes
    std::reverse(shuffled.begin(), shuffled.end());
    blocks.add(1, std::span(shuffled).subspan(0, 100), 600);
    blocks.add(1, std::span(shuffled).subspan(100), 600);
    const auto minute = read(kT0 + 60000, kT0 + 120000);
    ASSERT_EQ(minute.size(), 100u);
    EXPECT_EQ(minute.front().t_ms, kT0 + 60000);
    EXPECT_TRUE(std::is_sorted(minute.begin(), minute.end(),
                               [](const Sample& a, const Sample& b) { return a.t_ms < b.t_ms; }));
    EXPECT_EQ(read(kT0 - 60000, kT0).size(), 0u);
    const auto durations = blocks.read(1, kT0, kT0 + 1);
    ASSERT_EQ(durations.size(), 1u);
    EXPECT_EQ(durations[0].dur_ms, 600);
}

TEST_P(SampleBlocksTest, ADamagedBlockIsLeftOutAndTheRestIsRead) {
    SampleBlocks blocks(*db_);
    blocks.add(1, every(kT0, 600, 16), 600);
    blocks.add(1, every(kT0 + 10000, 600, 16), 600);
    db_->prepare("UPDATE sample_blocks SET data = ?1 WHERE first_ms = ?2").run(std::vector<std::uint8_t>{1, 2}, kT0);
    EXPECT_EQ(read(kT0, kT0 + 60000).size(), 16u);
}

TEST_P(SampleBlocksTest, PruningCutsABlockAtTheHorizonExactly) {
    SampleBlocks blocks(*db_);
    blocks.add(1, every(kT0, 1000, 100), 1000);          // 09:00:00 .. 09:01:39
    blocks.add(1, every(kT0 + 600000, 1000, 10), 1000);  // 09:10
    EXPECT_EQ(blocks.erase_before(1, kT0 + 30000), 30);
    EXPECT_EQ(scalar(*db_, "SELECT sum(n) FROM sample_blocks"), 80);
    const auto kept = read(0, kT0 + 3600000);
    ASSERT_EQ(kept.size(), 80u);
    EXPECT_EQ(kept.front().t_ms, kT0 + 30000);
    EXPECT_EQ(blocks.erase_before(1, kT0 + 30000), 0);  // idempotent
    EXPECT_EQ(blocks.erase_before(1, kT0 + 3600000), 80);
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM sample_blocks"), 0);
    EXPECT_FALSE(blocks.time_range(1, 0));
}

TEST_F(SampleBlocksUpgrade, SchemaTwoSamplesMoveIntoBlocks) {
    const auto file = path("v2.db");
    {
        auto db = test::old_schema_database(file, 2);
        db.exec("INSERT INTO devices (id, name, tz, first_seen_ms, last_seen_ms) VALUES (1, 'a', 'UTC', 0, 0), "
                "(2, 'b', 'UTC', 0, 0)");
        // Device 1: three samples at 600 ms, two at 1 s; a state no build knows.
        // Device 2: one sample with a width that fits no 16-bit field.
        const std::string t = std::to_string(kT0);
        db.exec("INSERT INTO samples VALUES (1, " + t + ", 0, 90, 100, 0, 0, 0, 600), (1, " + t +
                " + 600, 1, 60, 112, 0, -3, 0, 600), (1, " + t + " + 1200, 0, 91, 101, 2, 0, 1, 600), (1, " + t +
                " + 1800, 2, 55, 99, 30, 0, 0, 1000), (1, " + t + " + 2800, 2, 54, 99, 31, 0, 0, 1000), (1, " + t +
                " + 3800, 99, 50, 99, 31, 0, 0, 1000), (2, " + t + ", 0, 90, 70000, 0, 0, 0, 600)");
    }
    auto db = open_hub_database(file);
    EXPECT_EQ(scalar(db, "SELECT max(version) FROM schema_version"), kSchemaVersion);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM sample_blocks WHERE device_id = 1"), 2);  // one per duration
    EXPECT_EQ(scalar(db, "SELECT sum(n) FROM sample_blocks"), 5);
    SampleBlocks blocks(db);
    const auto back = blocks.read(1, 0, kT0 + 86400000);
    ASSERT_EQ(back.size(), 5u);
    EXPECT_EQ(back[1].sample.state, PostureState::forward_head);
    EXPECT_EQ(back[1].sample.width_c, 112);
    EXPECT_EQ(back[1].sample.pitch_deg, -3);
    EXPECT_EQ(back[3].dur_ms, 1000);
    EXPECT_EQ(scalar(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'samples'"), 0);
}
