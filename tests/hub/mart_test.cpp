#include "hub_fixture.hpp"
#include "ingest/ingestor.hpp"
#include "mart/day_stats.hpp"
#include "mart/local_day.hpp"
#include "report/mart_reader.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>

using namespace pg;
using namespace pg::hub;
using pg::hub::test::concat;
using pg::hub::test::local_ms;
using pg::hub::test::make_batch;
using pg::hub::test::repeat;
using pg::hub::test::scalar;

namespace {

class Mart : public test::HubDbTest {};

}  // namespace

PG_INSTANTIATE_ENGINES(Mart);

TEST_P(Mart, HandComputedDay) {
    // 10 samples of 600 ms: 5 good (score 90), 3 forward head (60), 2 away (0).
    const auto t0 = local_ms(cctz::civil_second(2026, 3, 10, 9, 0, 0), "Europe/Berlin");
    ingest(make_batch("desk-1", 1, t0,
                      concat({repeat(PostureState::good, 5), repeat(PostureState::forward_head, 3),
                              repeat(PostureState::away, 2)}),
                      "Europe/Berlin"));
    const auto all = days();
    ASSERT_EQ(all.size(), 1u);
    const DayStats& d = all.at("2026-03-10");
    EXPECT_EQ(d.monitored_ms, 6000);
    EXPECT_EQ(d.present_ms, 4800);
    EXPECT_EQ(d.ms(PostureState::good), 3000);
    EXPECT_EQ(d.ms(PostureState::forward_head), 1800);
    EXPECT_EQ(d.ms(PostureState::away), 1200);
    EXPECT_EQ(d.ms(PostureState::slouch), 0);
    EXPECT_EQ(d.score_sum, 5 * 90 + 3 * 60);  // away samples do not count
    EXPECT_EQ(d.score_n, 8);
    EXPECT_DOUBLE_EQ(d.avg_score(), 78.75);
    EXPECT_DOUBLE_EQ(d.good_share(), 0.625);
    EXPECT_EQ(d.first_sample_ms, t0);
    EXPECT_EQ(d.last_sample_ms, t0 + 9 * 600);
    std::int64_t sum = 0;
    for (auto ms : d.state_ms) sum += ms;
    EXPECT_EQ(sum, d.monitored_ms);
}

TEST_P(Mart, MonitoredIsTheSumOfStatesOnEveryDay) {
    const auto t0 = local_ms(cctz::civil_second(2026, 3, 1, 8, 0, 0), "Asia/Seoul");
    std::uint64_t seq = 0;
    for (int day = 0; day < 5; ++day)
        for (int k = 0; k < kPostureStateCount; ++k)
            ingest(make_batch("desk-1", ++seq, t0 + day * 86400000LL + k * 60000,
                              repeat(static_cast<PostureState>(k), 1 + k + day), "Asia/Seoul", 500 + 100 * k));
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM daily_mart WHERE monitored_ms <> good_ms + forward_head_ms + "
                           "slouch_ms + looking_down_ms + tilt_ms + away_ms + too_dark_ms + uncalibrated_ms + "
                           "camera_error_ms"),
              0);
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM daily_mart"), 5);
    // Paused samples are stored but not monitored: the two together are every sample's time.
    EXPECT_GT(scalar(*db_, "SELECT sum(paused_ms) FROM daily_mart"), 0);
    EXPECT_EQ(scalar(*db_, "SELECT sum(monitored_ms) + sum(paused_ms) FROM daily_mart"),
              scalar(*db_, "SELECT sum(n * dur_ms) FROM sample_blocks"));
}

TEST_P(Mart, SeoulMidnightSplitsTheDay) {
    // 23:59:00 and 00:01:00 local are two days in Seoul, though both are 14:5x/15:0x UTC on one UTC day.
    Batch b = make_batch("desk-1", 1, local_ms(cctz::civil_second(2026, 3, 10, 23, 59, 0), "Asia/Seoul"),
                         repeat(PostureState::good, 1), "Asia/Seoul");
    Sample after = b.samples[0];
    after.t_ms = local_ms(cctz::civil_second(2026, 3, 11, 0, 1, 0), "Asia/Seoul");
    after.state = PostureState::slouch;
    b.samples.push_back(after);
    EXPECT_EQ(ingest(b).days_refreshed, 2);
    const auto all = days();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all.at("2026-03-10").ms(PostureState::good), 600);
    EXPECT_EQ(all.at("2026-03-11").ms(PostureState::slouch), 600);
}

TEST_P(Mart, BerlinSpringForwardDayHas23Hours) {
    const LocalCalendar berlin(*load_zone("Europe/Berlin"));
    const TimeSpan span = berlin.span_of(cctz::civil_day(2026, 3, 29));
    EXPECT_EQ(span.end_ms - span.begin_ms, 23LL * 3600 * 1000);
    const TimeSpan autumn = berlin.span_of(cctz::civil_day(2026, 10, 25));
    EXPECT_EQ(autumn.end_ms - autumn.begin_ms, 25LL * 3600 * 1000);

    // Samples at 00:30 and 23:30 local belong to the 29th; 00:10 on the 30th does not.
    Batch b = make_batch("desk-1", 1, local_ms(cctz::civil_second(2026, 3, 29, 0, 30, 0), "Europe/Berlin"),
                         repeat(PostureState::good, 1), "Europe/Berlin");
    for (auto [cs, state] : {std::pair{cctz::civil_second(2026, 3, 29, 23, 30, 0), PostureState::tilt},
                             std::pair{cctz::civil_second(2026, 3, 30, 0, 10, 0), PostureState::slouch}}) {
        Sample s = b.samples[0];
        s.t_ms = local_ms(cs, "Europe/Berlin");
        s.state = state;
        b.samples.push_back(s);
    }
    ingest(b);
    const auto all = days();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all.at("2026-03-29").monitored_ms, 1200);
    EXPECT_EQ(all.at("2026-03-29").ms(PostureState::tilt), 600);
    EXPECT_EQ(all.at("2026-03-30").ms(PostureState::slouch), 600);
    EXPECT_EQ(berlin.day_of(span.end_ms - 1), cctz::civil_day(2026, 3, 29));
    EXPECT_EQ(berlin.day_of(span.end_ms), cctz::civil_day(2026, 3, 30));
}

TEST_P(Mart, RefreshRecomputesOnlyTouchedDays) {
    const auto day1 = local_ms(cctz::civil_second(2026, 3, 10, 9, 0, 0), "UTC");
    const auto day2 = day1 + 86400000LL;
    EXPECT_EQ(ingest(make_batch("desk-1", 1, day1, repeat(PostureState::good, 4))).days_refreshed, 1);
    // Mark day 1's row so a recomputation would be visible.
    db_->exec("UPDATE daily_mart SET alerts = 999 WHERE day = '2026-03-10'");

    EXPECT_EQ(ingest(make_batch("desk-1", 2, day2, repeat(PostureState::slouch, 2))).days_refreshed, 1);
    EXPECT_EQ(scalar(*db_, "SELECT alerts FROM daily_mart WHERE day = '2026-03-10'"), 999);
    EXPECT_EQ(scalar(*db_, "SELECT slouch_ms FROM daily_mart WHERE day = '2026-03-11'"), 1200);
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM dirty_days"), 0);

    // A late batch for day 1 recomputes day 1 (and only it) from its samples.
    EXPECT_EQ(ingest(make_batch("desk-1", 3, day1 + 3600000, repeat(PostureState::good, 1))).days_refreshed, 1);
    EXPECT_EQ(scalar(*db_, "SELECT alerts FROM daily_mart WHERE day = '2026-03-10'"), 0);
    EXPECT_EQ(scalar(*db_, "SELECT good_ms FROM daily_mart WHERE day = '2026-03-10'"), 3000);

    // A redelivered batch touches nothing.
    EXPECT_EQ(ingest(make_batch("desk-1", 3, day1 + 3600000, repeat(PostureState::good, 1))).days_refreshed, 0);
}

TEST(LocalDay, ParsesOnlyRealDates) {
    EXPECT_EQ(parse_day("2026-03-29"), cctz::civil_day(2026, 3, 29));
    EXPECT_FALSE(parse_day("2026-02-30"));
    EXPECT_FALSE(parse_day("2026-3-29"));
    EXPECT_FALSE(parse_day("2026-03-29x"));
    EXPECT_FALSE(parse_day("yesterday"));
    EXPECT_EQ(format_day(cctz::civil_day(2026, 1, 5)), "2026-01-05");
}
