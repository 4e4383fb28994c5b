// Golden files for the text views: the exact bytes a user sees. After an
// intended change, regenerate with PG_UPDATE_GOLDEN=1 ./hub_tests --gtest_filter='Golden*'
// and review the diff of tests/hub/golden/.
#include "hub_fixture.hpp"
#include "ingest/ingestor.hpp"
#include "report/report_commands.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace pg;
using namespace pg::hub;
using pg::hub::test::concat;
using pg::hub::test::local_ms;
using pg::hub::test::make_batch;
using pg::hub::test::message_for;
using pg::hub::test::repeat;

namespace {

const std::filesystem::path kGoldenDir = std::filesystem::path(PG_TEST_DATA_DIR) / ".." / "hub" / "golden";

// Two weeks of a Berlin desk around the spring DST change: 2026-03-16 .. 03-29.
class Golden : public test::EngineTest {
protected:
    void SetUp() override {
        EngineTest::SetUp();
        if (IsSkipped()) return;
        auto db = open_hub();
        Ingestor ingestor(db, "postureguard");
        std::uint64_t seq = 0;
        for (int day = 16; day <= 29; ++day) {
            if (day == 21 || day == 22 || day == 28) continue;  // weekends off, mostly
            const int good = 300 + 35 * (day % 7), bad = 60 + 20 * (day % 5);
            for (int hour : {9, 11, 14}) {
                auto t0 = local_ms(cctz::civil_second(2026, 3, day, hour, 0, 0), "Europe/Berlin");
                auto states = concat({repeat(PostureState::good, good / 3), repeat(PostureState::forward_head, bad / 3),
                                      repeat(PostureState::slouch, bad / 6), repeat(PostureState::away, 20)});
                for (std::size_t i = 0; i < states.size(); i += 100) {
                    std::vector<PostureState> part(states.begin() + static_cast<std::ptrdiff_t>(i),
                                                   states.begin() + static_cast<std::ptrdiff_t>(std::min(i + 100, states.size())));
                    auto b = make_batch("desk-1", ++seq, t0 + static_cast<std::int64_t>(i) * 6000, part,
                                        "Europe/Berlin", 6000);
                    if (i == 0 && hour == 14) b.events.push_back({t0 + 1000, EventType::alert, 1});
                    const std::vector<IncomingMessage> m{message_for(b)};
                    ASSERT_TRUE(ingestor.ingest(m).has_value());
                }
            }
        }
    }
    void check(const std::string& name, const std::string& actual) {
        const auto file = kGoldenDir / name;
        if (std::getenv("PG_UPDATE_GOLDEN")) {
            std::ofstream(file, std::ios::binary) << actual;
            return;
        }
        std::ifstream in(file, std::ios::binary);
        ASSERT_TRUE(in) << file << " is missing: run with PG_UPDATE_GOLDEN=1 to create it";
        std::stringstream expected;
        expected << in.rdbuf();
        EXPECT_EQ(actual, expected.str()) << "differs from " << file << " (PG_UPDATE_GOLDEN=1 regenerates)";
    }
    ReportOutput run(auto f) {
        auto db = open_report();
        return f(db);
    }
    // "Today" is the last day of the fixture: the 7-day views end on it.
    ReportScope scope_{std::nullopt, false, false,
                       local_ms(cctz::civil_second(2026, 3, 29, 20, 0, 0), "Europe/Berlin")};
};

}  // namespace

PG_INSTANTIATE_ENGINES(Golden);

TEST_P(Golden, TextViews) {
    check("day.txt", run([&](auto& db) { return report_day(db, scope_, std::nullopt); }).text);
    check("day-2026-03-20.txt", run([&](auto& db) { return report_day(db, scope_, std::string("2026-03-20")); }).text);
    check("week-last7.txt", run([&](auto& db) { return report_week(db, scope_, std::nullopt); }).text);
    check("week-2026-W12.txt", run([&](auto& db) { return report_week(db, scope_, std::string("2026-W12")); }).text);
    check("calendar.txt", run([&](auto& db) { return report_calendar(db, scope_, std::nullopt); }).text);
    check("devices.txt", run([&](auto& db) { return report_devices(db, scope_); }).text);
    std::ostringstream csv;
    run([&](auto& db) { return report_export(db, scope_, "csv", std::nullopt, std::nullopt, csv); });
    check("export.csv", csv.str());
}
