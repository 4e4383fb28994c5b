#include "hub_fixture.hpp"
#include "ingest/ingestor.hpp"
#include "pg/exit_codes.hpp"
#include "mart/grade.hpp"
#include "report/report_commands.hpp"
#include "report/report_error.hpp"
#include "report/text_format.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace pg;
using namespace pg::hub;
using pg::hub::test::concat;
using pg::hub::test::local_ms;
using pg::hub::test::make_batch;
using pg::hub::test::message_for;
using pg::hub::test::repeat;

namespace {

// Week 2026-W13 (Mon 23 March .. Sun 29 March, DST starts on the 29th) of a
// Berlin desk, with data on the 23rd (grade C), the 25th (A) and the 29th (F).
class Report : public test::EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (IsSkipped()) return;
        auto db = open_hub();
        Ingestor ingestor(db, "postureguard");
        const auto at = [](int day, int hour) {
            return local_ms(cctz::civil_second(2026, 3, day, hour, 0, 0), "Europe/Berlin");
        };
        std::vector<IncomingMessage> m;
        m.push_back(message_for(make_batch("desk-1", 1, at(23, 9),
                                           concat({repeat(PostureState::good, 5), repeat(PostureState::forward_head, 3),
                                                   repeat(PostureState::away, 2)}),
                                           "Europe/Berlin")));
        m.push_back(message_for(make_batch("desk-1", 2, at(25, 10), repeat(PostureState::good, 100), "Europe/Berlin")));
        auto b = make_batch("desk-1", 3, at(29, 14),
                            concat({repeat(PostureState::good, 1), repeat(PostureState::forward_head, 6),
                                    repeat(PostureState::slouch, 3)}),
                            "Europe/Berlin");
        b.events.push_back({at(29, 14) + 1000, EventType::alert, 1});
        m.push_back(message_for(b));
        ASSERT_TRUE(ingestor.ingest(m).has_value());
    }
    Database open() const { return open_report(); }
    // "Today" is Sunday 29 March, the last day with data, unless a test moves it.
    static ReportScope scope(bool json = false, bool color = false) {
        return {std::nullopt, color, json, local_ms(cctz::civil_second(2026, 3, 29, 18, 0, 0), "Europe/Berlin")};
    }

    template <typename F>
    static int exit_code_of(F&& f, std::string* message = nullptr) {
        try {
            f();
        } catch (const ReportError& e) {
            if (message) *message = e.what();
            return e.exit_code();
        }
        return exit_code::ok;
    }

};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

PG_INSTANTIATE_ENGINES(Report);

TEST(Grade, ThresholdsOnGoodShareOfPresentTime) {
    EXPECT_EQ(grade_for_share(0.85), 'A');
    EXPECT_EQ(grade_for_share(0.849), 'B');
    EXPECT_EQ(grade_for_share(0.70), 'B');
    EXPECT_EQ(grade_for_share(0.55), 'C');
    EXPECT_EQ(grade_for_share(0.40), 'D');
    EXPECT_EQ(grade_for_share(0.39), 'F');
    DayStats away_all_day;
    away_all_day.monitored_ms = away_all_day.state_ms[static_cast<int>(PostureState::away)] = 1000;
    EXPECT_FALSE(grade_of(away_all_day));
}

TEST(TextFormat, IsoWeeks) {
    EXPECT_EQ(parse_iso_week("2026-W13"), cctz::civil_day(2026, 3, 23));
    EXPECT_EQ(parse_iso_week("2026-W01"), cctz::civil_day(2025, 12, 29));
    EXPECT_EQ(parse_iso_week("2026-W53"), cctz::civil_day(2026, 12, 28));  // 2026 has 53 weeks
    EXPECT_FALSE(parse_iso_week("2025-W53"));
    EXPECT_FALSE(parse_iso_week("2026-13"));
    EXPECT_EQ(format_hm(6 * 3600000 + 12 * 60000), "6h 12m");
    EXPECT_EQ(format_hm(45000), "45s");
    EXPECT_EQ(pad_left(kMissing, 3), "  –");
}

TEST_P(Report, DayDefaultsToTheLatestDayWithData) {
    const auto out = report_day(open(), scope(), std::nullopt);
    EXPECT_EQ(out.exit_code, 0);
    EXPECT_TRUE(has(out.text, "desk-1 - Sunday 2026-03-29 (Europe/Berlin)")) << out.text;
    EXPECT_TRUE(has(out.text, "Grade       F  (good posture 10% of present time)")) << out.text;
    EXPECT_TRUE(has(out.text, "Alerts      1")) << out.text;
    EXPECT_TRUE(has(out.text, "(14:00-14:00)")) << out.text;  // local time, summer offset
    EXPECT_FALSE(has(out.text, "\033[")) << "colour when it was off";
}

TEST_P(Report, DayShowsTimesSharesScoreAndGrade) {
    const auto out = report_day(open(), scope(), std::string("2026-03-23")).text;
    EXPECT_TRUE(has(out, "Monday 2026-03-23")) << out;
    EXPECT_TRUE(has(out, "Monitored   6s")) << out;
    EXPECT_TRUE(has(out, "Avg score   79")) << out;  // 78.75
    EXPECT_TRUE(has(out, "Grade       C  (good posture 63% of present time)")) << out;
    EXPECT_TRUE(has(out, "  good                3s   50%  ###############...............")) << out;
    EXPECT_TRUE(has(out, "  forward head        1s   30%")) << out;
    EXPECT_TRUE(has(out, "  away                1s   20%")) << out;
    EXPECT_FALSE(has(out, "camera error")) << "technical states only when they happened";

    const auto j = nlohmann::json::parse(report_day(open(), scope(true), std::string("2026-03-23")).text);
    EXPECT_EQ(j["grade"], "C");
    EXPECT_EQ(j["state_ms"]["good"], 3000);
    EXPECT_EQ(j["monitored_ms"], 6000);
    EXPECT_DOUBLE_EQ(j["avg_score"].get<double>(), 78.75);
    EXPECT_EQ(j["weekday"], "Monday");
}

TEST_P(Report, DayWithoutDataAndBadDatesHaveTheirExitCodes) {
    std::string msg;
    EXPECT_EQ(exit_code_of([&] { (void)report_day(open(), scope(), std::string("2026-03-24")); }, &msg),
              exit_code::no_data);
    EXPECT_TRUE(has(msg, "no data for device 'desk-1' on 2026-03-24")) << msg;
    EXPECT_EQ(exit_code_of([&] { (void)report_day(open(), scope(), std::string("24.03.2026")); }), exit_code::usage);
}

TEST_P(Report, WeekTableWithMissingDaysAndAverage) {
    const auto out = report_week(open(), scope(), std::nullopt).text;  // ends today: the 29th
    EXPECT_TRUE(has(out, "last 7 days: 2026-03-23 to 2026-03-29")) << out;
    EXPECT_TRUE(has(out, "2026-03-23 Mon         6s   63%      38%      0%       1s     79      C")) << out;
    EXPECT_TRUE(has(out, "2026-03-24 Tue          –     –        –       –        –      –      –")) << out;
    EXPECT_TRUE(has(out, "2026-03-25 Wed         1m  100%       0%      0%       0m     90      A")) << out;
    EXPECT_TRUE(has(out, "2026-03-29 Sun         6s   10%      60%     30%       0m     63      F")) << out;
    EXPECT_TRUE(has(out, "Average of 3d")) << out;
    const auto iso = report_week(open(), scope(), std::string("2026-W13")).text;
    EXPECT_TRUE(has(iso, "week 2026-W13: 2026-03-23 to 2026-03-29")) << iso;
    EXPECT_EQ(iso.substr(iso.find('\n')), out.substr(out.find('\n')));  // same days, same table
}

TEST_P(Report, WeekEndsTodayInTheDevicesZone) {
    ReportScope s = scope();
    // 00:30 on 1 April in Berlin is still 31 March in UTC: the device's zone decides.
    s.now_ms = local_ms(cctz::civil_second(2026, 4, 1, 0, 30, 0), "Europe/Berlin");
    const auto out = report_week(open(), s, std::nullopt).text;
    EXPECT_TRUE(has(out, "last 7 days: 2026-03-26 to 2026-04-01")) << out;
    EXPECT_TRUE(has(out, "2026-03-29 Sun         6s   10%      60%     30%       0m     63      F")) << out;
    EXPECT_TRUE(has(out, "2026-04-01 Wed          –")) << out;
    EXPECT_TRUE(has(out, "Average of 1d")) << out;
    // The 7 days before (19 to 25 March) hold the 23rd and the 25th: a trend.
    EXPECT_TRUE(has(out, "Trend vs 2026-03-19 to 2026-03-25: good posture ")) << out;

    s.now_ms = local_ms(cctz::civil_second(2026, 4, 20, 9, 0, 0), "Europe/Berlin");
    std::string msg;
    EXPECT_EQ(exit_code_of([&] { (void)report_week(open(), s, std::nullopt); }, &msg), exit_code::no_data);
    EXPECT_TRUE(has(msg, "no data for device 'desk-1' in the last 7 days (2026-04-14 to 2026-04-20); the latest "
                         "day with data is 2026-03-29 (--week 2026-W13)")) << msg;
    // The ISO week does not depend on today.
    EXPECT_EQ(report_week(open(), s, std::string("2026-W13")).exit_code, 0);
}

TEST_P(Report, WeekJsonAndEmptyWeeks) {
    const auto j = nlohmann::json::parse(report_week(open(), scope(true), std::string("2026-W13")).text);
    ASSERT_EQ(j["days"].size(), 7u);
    EXPECT_EQ(j["days"][0]["grade"], "C");
    EXPECT_FALSE(j["days"][1]["has_data"].get<bool>());
    EXPECT_EQ(j["average"]["days_with_data"], 3);
    EXPECT_EQ(exit_code_of([&] { (void)report_week(open(), scope(), std::string("2026-W20")); }), exit_code::no_data);
    EXPECT_EQ(exit_code_of([&] { (void)report_week(open(), scope(), std::string("2026-W54")); }), exit_code::usage);
}

TEST_P(Report, CalendarGridWithGrades) {
    const auto out = report_calendar(open(), scope(), std::nullopt).text;
    EXPECT_TRUE(has(out, "March 2026")) << out;
    EXPECT_TRUE(has(out, " Wk Mo  Tu  We  Th  Fr  Sa  Su\n")) << out;
    EXPECT_TRUE(has(out, "  9" + std::string(26, ' ') + "1\n")) << out;  // March 1st is a Sunday
    EXPECT_TRUE(has(out, " 13 23C 24  25A 26  27  28  29F\n")) << out;
    EXPECT_TRUE(has(out, " 14 30  31\n")) << out;
    EXPECT_TRUE(has(out, "A >= 85%")) << out;
    EXPECT_FALSE(has(out, "\033[")) << out;

    const auto colored = report_calendar(open(), scope(false, true), std::string("2026-03")).text;
    EXPECT_TRUE(has(colored, "25\033[32mA\033[0m")) << colored;
    EXPECT_TRUE(has(colored, "29\033[31mF\033[0m")) << colored;
    EXPECT_TRUE(has(colored, "23\033[33mC\033[0m")) << colored;

    EXPECT_EQ(exit_code_of([&] { (void)report_calendar(open(), scope(), std::string("2026-04")); }),
              exit_code::no_data);
    EXPECT_EQ(exit_code_of([&] { (void)report_calendar(open(), scope(), std::string("2026-13")); }), exit_code::usage);
}

TEST_P(Report, DevicesJsonHasTheContractKeys) {
    const auto out = report_devices(open(), scope(true));
    EXPECT_EQ(out.exit_code, 0);
    const auto j = nlohmann::json::parse(out.text);
    ASSERT_EQ(j.size(), 1u);
    for (const char* key : {"device", "timezone", "samples", "batches", "seq_gaps", "dropped_samples", "dead_letters",
                            "duplicates", "first_seen", "last_seen"})
        EXPECT_TRUE(j[0].contains(key)) << key;
    EXPECT_EQ(j[0]["samples"], 120);
    EXPECT_EQ(j[0]["batches"], 3);
    EXPECT_EQ(j[0]["seq_gaps"], 0);
    EXPECT_TRUE(has(report_devices(open(), scope()).text, "desk-1"));
}

TEST_P(Report, DeviceSelection) {
    {
        auto db = open_hub();
        Ingestor ingestor(db, "postureguard");
        const std::vector<IncomingMessage> m{message_for(make_batch(
            "desk-2", 1, local_ms(cctz::civil_second(2026, 3, 20, 9, 0, 0), "Asia/Seoul"),
            repeat(PostureState::good, 3), "Asia/Seoul"))};
        ASSERT_TRUE(ingestor.ingest(m).has_value());
    }
    std::string msg;
    EXPECT_EQ(exit_code_of([&] { (void)report_day(open(), scope(), std::nullopt); }, &msg), exit_code::usage);
    EXPECT_TRUE(has(msg, "desk-1, desk-2")) << msg;

    ReportScope s = scope();
    s.device = "desk-9";
    EXPECT_EQ(exit_code_of([&] { (void)report_day(open(), s, std::nullopt); }, &msg), exit_code::usage);
    EXPECT_TRUE(has(msg, "unknown device 'desk-9'")) << msg;

    s.device = "desk-2";
    EXPECT_TRUE(has(report_day(open(), s, std::nullopt).text, "desk-2 - Friday 2026-03-20 (Asia/Seoul)"));
}

TEST_P(Report, AnEmptyDatabaseIsNoData) {
    const auto empty = fresh_store("empty");
    open_hub_database(empty);
    auto db = open_report_database(empty);
    EXPECT_EQ(exit_code_of([&] { (void)report_day(db, scope(), std::nullopt); }), exit_code::no_data);
    EXPECT_EQ(exit_code_of([&] { (void)report_calendar(db, scope(), std::nullopt); }), exit_code::no_data);
    const auto listing = report_devices(db, scope(true));
    EXPECT_EQ(listing.text, "[]\n");
    EXPECT_EQ(listing.exit_code, exit_code::no_data);
}
