// `pg-report export --samples`: the raw ticks of the hot tier as CSV, in the
// device's zone, streamed, and honest about what the hot tier no longer keeps.
#include "hub_fixture.hpp"
#include "mart/tiers.hpp"
#include "pg/exit_codes.hpp"
#include "report/report_error.hpp"
#include "report/sample_export.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace pg;
using namespace pg::hub;
using pg::hub::test::concat;
using pg::hub::test::local_ms;
using pg::hub::test::make_batch;
using pg::hub::test::repeat;

namespace {

const std::string kTz = "Europe/Berlin";

std::int64_t berlin(int month, int day, int h, int m, int s = 0) {
    return local_ms(cctz::civil_second(2026, month, day, h, m, s), kTz);
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

class SampleExport : public test::HubDbTest {
protected:
    // Exports into `out`; returns the exit code (0 or the ReportError's) and the message.
    int run(const std::optional<std::string>& from, const std::optional<std::string>& to, std::string* message = nullptr,
            std::optional<std::string> device = std::nullopt) {
        auto db = open_report();
        ReportScope scope;
        scope.device = std::move(device);
        scope.now_ms = berlin(3, 30, 12, 0);
        std::ostringstream os;
        try {
            const auto r = report_export_samples(db, scope, from, to, os);
            warning = r.warning;
            out = os.str();
            return r.exit_code;
        } catch (const ReportError& e) {
            out = os.str();
            if (message) *message = e.what();
            return e.exit_code();
        }
    }
    std::string out, warning;
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

PG_INSTANTIATE_ENGINES(SampleExport);

TEST(SampleCsv, RowsInTheDeviceZoneWithMillisecondsAndEmptyUnjudgedMetrics) {
    cctz::time_zone berlin_tz;
    ASSERT_TRUE(cctz::load_time_zone(kTz, &berlin_tz));
    std::string text;
    HotSample h{{berlin(3, 29, 1, 59, 59) + 400, PostureState::forward_head, 62, 112, -4, 9, -2}, 600};
    append_sample_csv(text, h, berlin_tz);
    h.sample.t_ms += 600;  // one tick later the clocks have jumped to summer time
    h.sample.state = PostureState::paused;
    append_sample_csv(text, h, berlin_tz);
    EXPECT_EQ(text, "2026-03-29T01:59:59.400+01:00," + std::to_string(berlin(3, 29, 1, 59, 59) + 400) +
                        ",forward_head,62,1.12,-0.04,9,-2,600\n"
                        "2026-03-29T03:00:00.000+02:00," + std::to_string(berlin(3, 29, 3, 0, 0)) +
                        ",paused,,,,,,600\n");
    const auto kolkata = cctz::fixed_time_zone(std::chrono::minutes(330));
    text.clear();
    append_sample_csv(text, {{0, PostureState::good, 90, 100, 0, 0, 0}, 600}, kolkata);
    EXPECT_EQ(text, "1970-01-01T05:30:00.000+05:30,0,good,90,1.00,0.00,0,0,600\n");
}

TEST_P(SampleExport, EverySampleOnceInOrderAcrossHoursAndTheDstJump) {
    // 40 minutes from 01:50:30 on the spring DST day at 600 ms, in batches of 100
    // samples whose blocks cross the export's hour chunks (and the jump to 03:00).
    std::uint64_t seq = 0;
    const std::int64_t t0 = berlin(3, 29, 1, 50, 30);
    const int n = 4000;  // 40 minutes of real time
    for (int i = 0; i < n; i += 100)
        ingest(make_batch("desk-1", ++seq, t0 + i * 600LL,
                          concat({repeat(PostureState::good, 50), repeat(PostureState::away, 50)}), kTz, 600));
    ASSERT_EQ(run(std::string("2026-03-29"), std::string("2026-03-29")), exit_code::ok);
    const auto rows = lines_of(out);
    ASSERT_EQ(rows.size(), static_cast<std::size_t>(n) + 1);
    EXPECT_EQ(rows[0] + "\n", kSampleCsvHeader);
    EXPECT_EQ(rows[1].substr(0, 30), "2026-03-29T01:50:30.000+01:00,");
    EXPECT_EQ(rows[1].substr(rows[1].find(",good")), ",good,90,1.00,0.00,0,0,600");
    EXPECT_TRUE(has(rows[51], ",away,,,,,,600")) << rows[51];
    std::int64_t prev = 0;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const auto comma = rows[i].find(',');
        const std::int64_t t = std::stoll(rows[i].substr(comma + 1));
        ASSERT_EQ(t, prev ? prev + 600 : t0) << "row " << i;
        prev = t;
    }
    EXPECT_EQ(rows.back().substr(0, 30), "2026-03-29T03:30:29.400+02:00,");  // the last tick, 40 min on
    EXPECT_TRUE(warning.empty()) << warning;
}

TEST_P(SampleExport, BadArgumentsAreUsageErrorsAndEmptyRangesNoData) {
    ingest(make_batch("desk-1", 1, berlin(3, 20, 9, 0), repeat(PostureState::good, 10), kTz));
    std::string msg;
    EXPECT_EQ(run(std::string("20.03.2026"), std::nullopt, &msg), exit_code::usage);
    EXPECT_EQ(run(std::string("2026-03-21"), std::string("2026-03-20"), &msg), exit_code::usage);
    EXPECT_TRUE(has(msg, "--from 2026-03-21 is after --to 2026-03-20")) << msg;
    EXPECT_EQ(run(std::string("2026-03-21"), std::string("2026-03-22"), &msg), exit_code::no_data);
    EXPECT_EQ(msg, "no samples for device 'desk-1' from 2026-03-21 to 2026-03-22");
    EXPECT_EQ(out, "") << "no data: not even a header";
    EXPECT_EQ(run(std::nullopt, std::nullopt), exit_code::ok) << "defaults: every day kept";
    EXPECT_EQ(lines_of(out).size(), 11u);
    EXPECT_EQ(run(std::string("2026-03-20"), std::nullopt), exit_code::ok);
    EXPECT_EQ(lines_of(out).size(), 11u);

    ingest(make_batch("desk-2", 1, berlin(3, 20, 9, 0), repeat(PostureState::good, 3), kTz));
    EXPECT_EQ(run(std::nullopt, std::nullopt, &msg), exit_code::usage);
    EXPECT_TRUE(has(msg, "several devices")) << msg;
    EXPECT_EQ(run(std::nullopt, std::nullopt, &msg, std::string("desk-2")), exit_code::ok);
    EXPECT_EQ(lines_of(out).size(), 4u);
}

TEST_P(SampleExport, DaysThePrunedHotTierNoLongerKeepsAreNoDataNotAnEmptyFile) {
    // Samples on 1 and 20 March; pruning on 30 March with 14 hot days keeps the 16th on.
    ingest(make_batch("desk-1", 1, berlin(3, 1, 9, 0), repeat(PostureState::good, 10), kTz));
    ingest(make_batch("desk-1", 2, berlin(3, 20, 9, 0), repeat(PostureState::slouch, 10), kTz));
    TierMaintenance tiers(*db_);
    EXPECT_EQ(tiers.prune(berlin(3, 30, 12, 0), 14).samples_deleted, 10);

    std::string msg;
    EXPECT_EQ(run(std::string("2026-03-01"), std::string("2026-03-10"), &msg), exit_code::no_data);
    EXPECT_TRUE(has(msg, "samples before 2026-03-16 are no longer kept")) << msg;
    EXPECT_TRUE(has(msg, "store.hot_days")) << msg;
    EXPECT_TRUE(has(msg, "pg-report export --format csv --from 2026-03-01 --to 2026-03-10")) << msg;
    EXPECT_EQ(out, "");

    // Partly older: what is kept, and a warning saying where it starts.
    EXPECT_EQ(run(std::string("2026-03-01"), std::string("2026-03-31"), &msg), exit_code::ok);
    EXPECT_EQ(lines_of(out).size(), 11u);
    EXPECT_TRUE(has(out, ",slouch,60,")) << out;
    EXPECT_TRUE(has(warning, "samples before 2026-03-16 are no longer kept (store.hot_days); the export starts at "
                             "2026-03-16T00:00:00+01:00")) << warning;

    // Partly older and nothing in the kept part: no data, saying why.
    EXPECT_EQ(run(std::string("2026-03-01"), std::string("2026-03-17"), &msg), exit_code::no_data);
    EXPECT_TRUE(has(msg, "no samples for device 'desk-1' from 2026-03-01 to 2026-03-17; samples before 2026-03-16 "
                         "are no longer kept")) << msg;
    // The daily marts still have the pruned day.
    EXPECT_EQ(days().count("2026-03-01"), 1u);
}
