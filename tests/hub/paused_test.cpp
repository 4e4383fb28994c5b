// The `paused` state (monitoring off, camera stopped) end to end on the hub:
// accepted on the wire, kept apart from monitored time in every tier, and shown
// in the reports so a short day explains itself.
#include "hub_fixture.hpp"
#include "mart/minute_rollup.hpp"
#include "pg/batch_codec.hpp"
#include "pg/exit_codes.hpp"
#include "pg/log.hpp"
#include "report/report_commands.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace pg;
using namespace pg::hub;
using pg::hub::test::concat;
using pg::hub::test::local_ms;
using pg::hub::test::make_batch;
using pg::hub::test::repeat;
using pg::hub::test::scalar;

namespace {

constexpr std::uint32_t k10s = 10000;
constexpr std::uint32_t k60s = 60000;
constexpr std::int64_t kMin = 60000;

std::int64_t at(int day, int h, int m) { return local_ms(cctz::civil_second(2026, 3, day, h, m, 0), "UTC"); }

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// 2026-03-10 (UTC): paused outside the schedule until 08:00 and after 09:00, a
// call paused 08:16-08:40; 2026-03-11 paused all day; 2026-03-12 ten good minutes.
class Paused : public test::HubDbTest {
protected:
    void SetUp() override {
        HubDbTest::SetUp();
        run(at(10, 0, 0), repeat(PostureState::paused, 8 * 60), k60s);
        run(at(10, 8, 0),
            concat({repeat(PostureState::good, 60), repeat(PostureState::away, 36)}), k10s);  // 08:00-08:16
        run(at(10, 8, 16), repeat(PostureState::paused, 24 * 6), k10s);                       // the call
        run(at(10, 8, 40),
            concat({repeat(PostureState::forward_head, 30), repeat(PostureState::good, 30),
                    repeat(PostureState::away, 18), repeat(PostureState::good, 42)}),
            k10s);  // 08:40-09:00
        run(at(10, 9, 0), repeat(PostureState::paused, 15 * 60), k60s);
        run(at(11, 0, 0), repeat(PostureState::paused, 24 * 60), k60s);
        run(at(12, 9, 0), repeat(PostureState::good, 60), k10s);
    }
    void run(std::int64_t t0, const std::vector<PostureState>& states, std::uint32_t cadence) {
        for (std::size_t i = 0; i < states.size(); i += 100) {
            const std::vector<PostureState> part(
                states.begin() + static_cast<std::ptrdiff_t>(i),
                states.begin() + static_cast<std::ptrdiff_t>(std::min(i + 100, states.size())));
            ingest(make_batch("desk-1", ++seq_, t0 + static_cast<std::int64_t>(i) * cadence, part, "UTC", cadence));
        }
    }
    static ReportScope scope(bool json = false) {
        ReportScope s;
        s.json = json;
        return s;
    }
    std::uint64_t seq_ = 0;
};

}  // namespace

PG_INSTANTIATE_ENGINES(Paused);

TEST(PausedState, IsWireStateNineAndNamed) {
    EXPECT_EQ(static_cast<int>(PostureState::paused), 9);
    EXPECT_EQ(to_string(PostureState::paused), "paused");
    EXPECT_EQ(posture_state_from_string("paused"), PostureState::paused);
    EXPECT_EQ(posture_state_from_int(9), PostureState::paused);
    EXPECT_FALSE(posture_state_from_int(kPostureStateCount));
    EXPECT_FALSE(is_present(PostureState::paused));
    EXPECT_FALSE(is_monitored(PostureState::paused));
    EXPECT_TRUE(is_monitored(PostureState::away));

    auto b = make_batch("desk-1", 1, at(10, 8, 0), concat({repeat(PostureState::good, 2), repeat(PostureState::paused, 3)}));
    auto decoded = decode_batch(encode_batch(b));
    ASSERT_TRUE(std::holds_alternative<Batch>(decoded));
    EXPECT_EQ(std::get<Batch>(decoded).samples[4].state, PostureState::paused);
}

TEST(PausedState, AMinuteHalfPausedIsNotAllGood) {
    // 30 s good, then paused: monitored 30 s, but a good run cannot pass through it.
    std::vector<RawSample> s;
    for (int i = 0; i < 6; ++i)
        s.push_back({i * 10000LL, i < 3 ? PostureState::good : PostureState::paused, 90, 10000});
    const MinuteRollup r = roll_up(0, s);
    EXPECT_EQ(r.monitored_ms(), 30000);
    EXPECT_EQ(r.present_ms(), 30000);
    EXPECT_EQ(r.sampled_ms(), 60000);
    EXPECT_EQ(r.ms(PostureState::paused), 30000);
    EXPECT_EQ(r.score_n, 3) << "paused samples have no score";
    EXPECT_FALSE(r.all_good());
}

TEST_P(Paused, GoodRunsDoNotPassThroughAPause) {
    // 13:00:00-13:00:20 good, 13:00:30-13:00:50 paused, then the whole of 13:01 good.
    run(at(13, 13, 0), concat({repeat(PostureState::good, 3), repeat(PostureState::paused, 3),
                                repeat(PostureState::good, 6)}), k10s);
    EXPECT_EQ(days().at("2026-03-13").longest_good_ms, 60000);
}

TEST_P(Paused, PausedTimeIsNeitherMonitoredPresentNorAway) {
    const DayStats d = days(true).at("2026-03-10");
    EXPECT_EQ(d.monitored_ms, 36 * kMin);
    EXPECT_EQ(d.paused_ms(), (8 * 60 + 24 + 15 * 60) * kMin);
    EXPECT_EQ(d.monitored_ms + d.paused_ms(), 24 * 60 * kMin) << "every minute of the day accounted for";
    EXPECT_EQ(d.present_ms, 27 * kMin);
    EXPECT_EQ(d.ms(PostureState::away), 9 * kMin);
    EXPECT_EQ(d.ms(PostureState::good), 22 * kMin);
    EXPECT_EQ(d.score_n, 27 * 6);
    EXPECT_EQ(d.longest_good_ms, 10 * kMin);
    // The pause ends the first session; the 6 minutes away seen before it are a break.
    EXPECT_EQ(d.sessions, 2);
    EXPECT_EQ(d.breaks, 1);
    EXPECT_EQ(d.break_ms, 6 * kMin);
    EXPECT_EQ(d.longest_sitting_ms, 20 * kMin);
    EXPECT_EQ(d.first_sample_ms, at(10, 0, 0));
    EXPECT_EQ(d.first_monitored_ms, at(10, 8, 0));
    EXPECT_EQ(d.last_monitored_ms, at(10, 8, 59) + 50000);
    EXPECT_EQ(d.hours[8].present_ms, 27 * kMin);
    EXPECT_EQ(d.hours[0].present_ms, 0);
    auto st = db_->prepare("SELECT grade, paused_ms FROM daily_mart WHERE day = '2026-03-10'");
    auto c = st.bind();
    ASSERT_TRUE(c.next());
    EXPECT_EQ(c.text(0), "B");  // 22 of 27 present minutes good: pausing does not lower the grade
    EXPECT_EQ(c.int64(1), d.paused_ms());
    EXPECT_EQ(scalar(*db_, "SELECT paused_ms FROM minute_rollup WHERE minute_ms = " + std::to_string(at(10, 8, 20))),
              kMin);
}

TEST_P(Paused, ADayOnlyPausedHasARowButNoGradeAndIsNotADayOfTheWeek) {
    const auto all = days();
    ASSERT_TRUE(all.count("2026-03-11"));
    const DayStats& d = all.at("2026-03-11");
    EXPECT_EQ(d.monitored_ms, 0);
    EXPECT_EQ(d.paused_ms(), 24 * 60 * kMin);
    EXPECT_TRUE(d.has_data());
    EXPECT_FALSE(d.was_monitored());
    EXPECT_EQ(d.first_monitored_ms, 0);
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM daily_mart WHERE day = '2026-03-11' AND grade IS NULL"), 1);
    EXPECT_EQ(scalar(*db_, "SELECT days_with_data FROM weekly_mart WHERE week = '2026-W11'"), 2);
    EXPECT_EQ(scalar(*db_, "SELECT paused_ms FROM weekly_mart WHERE week = '2026-W11'"),
              (8 * 60 + 24 + 15 * 60 + 24 * 60) * kMin);
    EXPECT_EQ(scalar(*db_, "SELECT monitored_ms FROM weekly_mart WHERE week = '2026-W11'"), 46 * kMin);
}

TEST_P(Paused, TheReportsShowPausedTime) {
    auto db = open_report();
    const std::string day = report_day(db, scope(), std::string("2026-03-10")).text;
    EXPECT_TRUE(has(day, "  Monitored   36m  (08:00-08:59)\n")) << day;
    EXPECT_TRUE(has(day, "  Paused      23h 24m  (monitoring paused or outside the schedule)\n")) << day;
    EXPECT_TRUE(has(day, "  away                9m   25%")) << "shares of monitored time\n" << day;
    EXPECT_FALSE(has(day, "  paused ")) << "paused is not a share of monitored time\n" << day;
    EXPECT_TRUE(has(day, "Grade       B")) << day;

    const std::string off = report_day(db, scope(), std::string("2026-03-11")).text;
    EXPECT_TRUE(has(off, "  Monitored   0m\n")) << off;
    EXPECT_TRUE(has(off, "  Paused      24h 00m")) << off;
    EXPECT_TRUE(has(off, "  Grade       –\n")) << off;

    const auto j = nlohmann::json::parse(report_day(db, scope(true), std::string("2026-03-10")).text);
    EXPECT_EQ(j["paused_ms"], (8 * 60 + 24 + 15 * 60) * kMin);
    EXPECT_EQ(j["state_ms"]["paused"], j["paused_ms"]);
    EXPECT_EQ(j["first_monitored"], "2026-03-10T08:00:00+00:00");

    const std::string week = report_week(db, scope(), std::string("2026-W11")).text;
    EXPECT_TRUE(has(week, "2026-03-11 Wed     paused     –        –       –        –      –      –\n")) << week;
    EXPECT_TRUE(has(week, "Average of 2d")) << "a paused day is not a day of the average\n" << week;
    EXPECT_TRUE(has(week, "Paused:    47h 24m in these 7 days")) << week;
    const auto wj = nlohmann::json::parse(report_week(db, scope(true), std::string("2026-W11")).text);
    EXPECT_EQ(wj["days"][2]["paused_ms"], 24 * 60 * kMin);
    EXPECT_EQ(wj["days"][2]["grade"], nullptr);
    EXPECT_EQ(wj["average"]["days_with_data"], 2);
    EXPECT_EQ(wj["paused_ms"], (8 * 60 + 24 + 15 * 60 + 24 * 60) * kMin);

    const std::string cal = report_calendar(db, scope(), std::string("2026-03")).text;
    EXPECT_TRUE(has(cal, " 10B 11p 12A ")) << cal;
    EXPECT_TRUE(has(cal, "'p' = paused all day")) << cal;

    std::ostringstream csv;
    report_export(db, scope(), "csv", std::string("2026-03-10"), std::string("2026-03-11"), csv);
    EXPECT_TRUE(has(csv.str(), ",grade,paused_s\n")) << csv.str();
    EXPECT_TRUE(has(csv.str(), "desk-1,2026-03-10,UTC,2160.0,1620.0,")) << csv.str();
    EXPECT_TRUE(has(csv.str(), ",B,84240.0\n")) << csv.str();
    EXPECT_TRUE(has(csv.str(), ",,86400.0\n")) << "the paused day: no grade\n" << csv.str();
}

TEST_P(Paused, AStateBeyondTheLastIsADeadLetter) {
    log::set_level(log::Level::error);
    auto b = make_batch("desk-1", 999, at(12, 10, 0), repeat(PostureState::good, 3));
    auto top = nlohmann::json::from_cbor(encode_batch(b));
    top[10] = {kPostureStateCount, 3};  // state 10: not in wire format v1
    const auto s = ingest({test::raw_message("postureguard/desk-1/batch", nlohmann::json::to_cbor(top), at(12, 11, 0))});
    log::set_level(log::Level::info);
    EXPECT_EQ(s.dead_letters, 1);
    auto st = db_->prepare("SELECT reason, detail FROM dead_letters");
    auto c = st.bind();
    ASSERT_TRUE(c.next());
    EXPECT_EQ(c.text(0), "bad_value");
    EXPECT_TRUE(has(c.text(1), "unknown posture state 10")) << c.text(1);
}
