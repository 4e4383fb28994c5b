// The full daily mart on hand-computed fixtures, DST days, and the tiers:
// prune and rebuild must leave every daily number as it was.
#include "hub_fixture.hpp"
#include "ingest/ingestor.hpp"
#include "mart/day_stats.hpp"
#include "mart/local_day.hpp"
#include "mart/tiers.hpp"
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

constexpr std::uint32_t k10s = 10000;

class Tiers : public test::HubDbTest {
protected:
    // Sends `states` one `cadence` apart from t0, in batches of 100 samples.
    void ingest_run(const std::string& tz, std::int64_t t0, const std::vector<PostureState>& states,
                    std::uint32_t cadence) {
        for (std::size_t i = 0; i < states.size(); i += 100) {
            const std::vector<PostureState> part(states.begin() + static_cast<std::ptrdiff_t>(i),
                                                 states.begin() + static_cast<std::ptrdiff_t>(std::min(i + 100, states.size())));
            ingest(make_batch("desk-1", ++seq_, t0 + static_cast<std::int64_t>(i) * cadence, part, tz, cadence));
        }
    }
    std::map<std::string, DayStats> days() { return HubDbTest::days(true); }
    static std::int64_t hours_present(const DayStats& d) {
        std::int64_t sum = 0;
        for (const auto& h : d.hours) sum += h.present_ms;
        return sum;
    }

    std::uint64_t seq_ = 0;
};

}  // namespace

PG_INSTANTIATE_ENGINES(Tiers);

TEST_P(Tiers, HandComputedFullDay) {
    const auto at = [](int h, int m, int s) { return local_ms(cctz::civil_second(2026, 3, 10, h, m, s), "UTC"); };
    // 09:00:00-09:01:50 every 10 s: good x6, slouch x2, good x4 (runs of 60 s and 40 s).
    auto a = make_batch("desk-1", 1, at(9, 0, 0),
                        concat({repeat(PostureState::good, 6), repeat(PostureState::slouch, 2),
                                repeat(PostureState::good, 4)}),
                        "UTC", k10s);
    a.events = {{at(9, 0, 5), EventType::alert, 1},       {at(9, 1, 5), EventType::alert, 2},
                {at(9, 1, 6), EventType::snooze, 15},     {at(9, 0, 1), EventType::calibration, 0},
                {at(9, 0, 2), EventType::calibration_failed, 0}};
    ingest(a);
    // 18 minutes later (a break): good x3; then at 09:23 away, good (bridged: gap < 5 min).
    ingest(make_batch("desk-1", 2, at(9, 20, 0), repeat(PostureState::good, 3), "UTC", k10s));
    ingest(make_batch("desk-1", 3, at(9, 23, 0), {PostureState::away, PostureState::good}, "UTC", k10s));

    const DayStats d = days().at("2026-03-10");
    EXPECT_EQ(d.monitored_ms, 170000);  // 17 samples x 10 s
    EXPECT_EQ(d.present_ms, 160000);
    EXPECT_EQ(d.ms(PostureState::good), 140000);
    EXPECT_EQ(d.ms(PostureState::slouch), 20000);
    EXPECT_EQ(d.ms(PostureState::away), 10000);
    EXPECT_EQ(d.score_n, 16);
    EXPECT_EQ(d.score_sum, 14 * 90 + 2 * 60);
    EXPECT_EQ(d.p10, 60);  // nearest rank 2 of 16
    EXPECT_EQ(d.p50, 90);
    EXPECT_EQ(d.p90, 90);
    EXPECT_EQ(d.alerts, 2);
    EXPECT_EQ(d.snoozes, 1);
    EXPECT_EQ(d.calibrations, 1);  // the failed one does not count
    EXPECT_EQ(d.longest_good_ms, 60000);
    EXPECT_EQ(d.sessions, 2);
    EXPECT_EQ(d.longest_sitting_ms, 4 * 60000);  // 09:20 to 09:24
    EXPECT_EQ(d.breaks, 1);
    EXPECT_EQ(d.break_ms, 18 * 60000);  // 09:02 to 09:20
    EXPECT_EQ(d.hours[9].present_ms, 160000);
    EXPECT_EQ(d.hours[9].good_ms, 140000);
    EXPECT_EQ(hours_present(d), d.present_ms);
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM daily_mart WHERE grade = 'A'"), 1);  // 140/160 = 87.5 %
}

TEST_P(Tiers, GoodStreakRunsAcrossMinuteBorders) {
    // 18 good samples from 09:00:30 every 10 s: three minutes apart, one run of 180 s.
    ingest_run("UTC", local_ms(cctz::civil_second(2026, 3, 10, 9, 0, 30), "UTC"), repeat(PostureState::good, 18),
               k10s);
    EXPECT_EQ(days().at("2026-03-10").longest_good_ms, 180000);
    // A hole of more than one tick (09:10 onwards) starts a new run.
    ingest_run("UTC", local_ms(cctz::civil_second(2026, 3, 10, 9, 10, 0), "UTC"), repeat(PostureState::good, 30),
               k10s);
    EXPECT_EQ(days().at("2026-03-10").longest_good_ms, 300000);
}

TEST_P(Tiers, BerlinDstDaysHave23And25HoursThatAddUp) {
    // One good sample a minute, every minute of both DST days and the days around them.
    for (auto [first, n] : {std::pair{cctz::civil_day(2026, 3, 29), 23 * 60}, std::pair{cctz::civil_day(2026, 10, 25), 25 * 60}}) {
        const auto t0 = local_ms(cctz::civil_second(first), "Europe/Berlin");
        ingest_run("Europe/Berlin", t0, repeat(PostureState::good, n), 60000);
    }
    const auto all = days();
    ASSERT_EQ(all.size(), 2u) << "no sample leaked into a neighbouring day";
    const DayStats& spring = all.at("2026-03-29");
    const DayStats& autumn = all.at("2026-10-25");
    EXPECT_EQ(spring.monitored_ms, 23LL * 3600000);
    EXPECT_EQ(autumn.monitored_ms, 25LL * 3600000);
    EXPECT_EQ(spring.monitored_ms + autumn.monitored_ms, 48LL * 3600000);
    EXPECT_EQ(spring.hours[2].present_ms, 0);              // 02:00-03:00 does not exist
    EXPECT_EQ(autumn.hours[2].present_ms, 2LL * 3600000);  // and happens twice
    EXPECT_EQ(hours_present(spring), spring.present_ms);
    EXPECT_EQ(hours_present(autumn), autumn.present_ms);
    EXPECT_EQ(spring.longest_good_ms, spring.monitored_ms);
    EXPECT_EQ(spring.sessions, 1);
    EXPECT_EQ(autumn.longest_sitting_ms, 25LL * 3600000);
}

TEST_P(Tiers, SeoulDayBoundaryAndSecondsAddUp) {
    // 23:50 to 00:10 in Seoul (14:50-15:10 UTC, one UTC day): two local days.
    const auto t0 = local_ms(cctz::civil_second(2026, 3, 10, 23, 50, 0), "Asia/Seoul");
    ingest_run("Asia/Seoul", t0,
               concat({repeat(PostureState::good, 40), repeat(PostureState::looking_down, 30),
                       repeat(PostureState::tilt, 20), repeat(PostureState::away, 30)}),
               k10s);
    const auto all = days();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all.at("2026-03-10").monitored_ms, 60 * k10s);   // 23:50:00-23:59:50
    EXPECT_EQ(all.at("2026-03-11").monitored_ms, 60 * k10s);
    EXPECT_EQ(all.at("2026-03-11").ms(PostureState::tilt), 20 * k10s);
    for (const auto& [key, d] : all) {
        std::int64_t sum = 0;
        for (auto ms : d.state_ms) sum += ms;
        EXPECT_EQ(sum, d.monitored_ms) << key;
        EXPECT_EQ(hours_present(d), d.present_ms) << key;
    }
    EXPECT_EQ(all.at("2026-03-10").hours[23].present_ms, 60 * k10s);
    EXPECT_EQ(all.at("2026-03-11").hours[0].present_ms, 30 * k10s);  // 10 looking down + 20 tilt
}

TEST_P(Tiers, PruneThenReportGivesTheSameDailyNumbers) {
    const auto t0 = local_ms(cctz::civil_second(2026, 3, 2, 8, 0, 0), "Asia/Seoul");
    for (int day = 0; day < 3; ++day)
        ingest_run("Asia/Seoul", t0 + day * 86400000LL,
                   concat({repeat(PostureState::good, 200 + 40 * day), repeat(PostureState::slouch, 50),
                           repeat(PostureState::away, 60), repeat(PostureState::forward_head, 90)}),
                   600);
    const auto before = days();
    const auto weekly_before = scalar(*db_, "SELECT sum(good_ms) FROM weekly_mart");
    ASSERT_EQ(before.size(), 3u);

    TierMaintenance tiers(*db_);
    const auto now = t0 + 40 * 86400000LL;
    const auto pruned = tiers.prune(now, 30);
    EXPECT_EQ(pruned.samples_deleted, 3 * 400 + 40 + 80);
    EXPECT_EQ(scalar(*db_, "SELECT coalesce(sum(n), 0) FROM sample_blocks"), 0);
    EXPECT_EQ(days(), before);
    EXPECT_EQ(tiers.prune(now, 30).samples_deleted, 0);  // idempotent

    EXPECT_EQ(tiers.rebuild(false), 3);  // from the rollups: the same numbers again
    EXPECT_EQ(days(), before);
    EXPECT_EQ(scalar(*db_, "SELECT sum(good_ms) FROM weekly_mart"), weekly_before);
    EXPECT_EQ(tiers.rebuild(true), 3);
    EXPECT_EQ(days(), before);

    // A batch that arrives after its day was pruned cannot change the frozen mart.
    ingest(make_batch("desk-1", ++seq_, t0 + 3600000, repeat(PostureState::slouch, 5), "Asia/Seoul", 600));
    EXPECT_EQ(days(), before);
}

TEST_P(Tiers, PruneKeepsRecentSamplesAndRebuildRestoresEditedMarts) {
    const auto t0 = local_ms(cctz::civil_second(2026, 3, 2, 9, 0, 0), "Europe/Berlin");
    ingest_run("Europe/Berlin", t0, repeat(PostureState::good, 10), 600);
    ingest_run("Europe/Berlin", t0 + 20 * 86400000LL, repeat(PostureState::tilt, 10), 600);
    const auto before = days();
    TierMaintenance tiers(*db_);
    EXPECT_EQ(tiers.prune(t0 + 45 * 86400000LL, 30).samples_deleted, 10);  // only the older day
    EXPECT_EQ(scalar(*db_, "SELECT coalesce(sum(n), 0) FROM sample_blocks"), 10);
    db_->exec("UPDATE daily_mart SET good_ms = 1, sessions = 99");
    db_->exec("DELETE FROM weekly_mart");
    EXPECT_EQ(tiers.rebuild(true), 2);
    EXPECT_EQ(days(), before);
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM weekly_mart"), 2);
}

TEST_P(Tiers, RolloverRefreshesTheDayThatEnded) {
    const auto t0 = local_ms(cctz::civil_second(2026, 3, 10, 22, 0, 0), "UTC");
    ingest_run("UTC", t0, repeat(PostureState::good, 10), 600);
    TierMaintenance tiers(*db_);
    EXPECT_FALSE(tiers.rollover(t0));
    db_->exec("UPDATE daily_mart SET alerts = 7");
    EXPECT_FALSE(tiers.rollover(t0 + 3600000));  // still the 10th
    EXPECT_TRUE(tiers.rollover(t0 + 3 * 3600000));  // the 11th: the 10th is final
    EXPECT_EQ(scalar(*db_, "SELECT alerts FROM daily_mart"), 0);
}
