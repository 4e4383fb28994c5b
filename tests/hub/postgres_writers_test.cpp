// Several writers on one PostgreSQL database, and a server restarted under
// load: every batch is stored once, nothing acknowledged is lost, and the marts
// equal those of one writer on SQLite given the same batches (compared through
// the real pg-report's outputs).
#include "hub_fixture.hpp"
#include "postgres_server.hpp"
#include "process.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <latch>
#include <thread>

using namespace pg;
using namespace pg::hub;
using pg::hub::test::local_ms;
using pg::hub::test::make_batch;
using pg::hub::test::message_for;
using pg::hub::test::scalar;
using pg::test::PostgresServer;
using pg::test::run_command;

namespace {

constexpr int kBatches = 40;  // per desk
constexpr int kSamples = 100;  // per batch, 10 s apart
const std::vector<std::string> kDesks = {"desk-a", "desk-b", "desk-c", "desk-d"};
const std::vector<std::string> kZones = {"Europe/Berlin", "Asia/Seoul", "America/New_York", "UTC"};

// Four desks in four zones, about 11 hours each from 18:00 UTC on the night
// Europe moves its clocks (so days, DST and midnights are all in play), an
// alert every fifth batch; interleaved by desk as a broker would deliver them.
std::vector<IncomingMessage> fleet_input() {
    std::vector<IncomingMessage> out;
    const std::int64_t start = local_ms(cctz::civil_second(2026, 3, 28, 18, 0, 0), "UTC");
    for (int k = 1; k <= kBatches; ++k) {
        for (std::size_t d = 0; d < kDesks.size(); ++d) {
            std::vector<PostureState> states;
            for (int i = 0; i < kSamples; ++i) {
                const int phase = (i / 9 + k + static_cast<int>(d)) % 12;
                states.push_back(phase < 6 ? PostureState::good
                                 : phase < 8 ? PostureState::forward_head
                                 : phase < 9 ? PostureState::slouch
                                 : phase < 10 ? PostureState::away
                                 : phase < 11 ? PostureState::looking_down
                                              : PostureState::paused);
            }
            const std::int64_t t0 = start + (k - 1) * kSamples * 10000LL + static_cast<std::int64_t>(d) * 1000;
            auto b = make_batch(kDesks[d], static_cast<std::uint64_t>(k), t0, states, kZones[d], 10000);
            if (k % 5 == 0) b.events.push_back({t0 + 5000, EventType::alert, 1});
            out.push_back(message_for(b));
        }
    }
    return out;
}

constexpr std::int64_t kTotalBatches = kBatches * 4;
constexpr std::int64_t kTotalSamples = kTotalBatches * kSamples;
constexpr std::int64_t kTotalEvents = kTotalBatches / 5;

// Ingests `chunk` messages a call until each call is stored (nullopt: retry the
// same call, as the hub does); returns the totals and counts the retries.
IngestStats ingest_all(Ingestor& ingestor, const std::vector<IncomingMessage>& messages, std::size_t chunk,
                       bool refresh, std::atomic<int>& retries, std::atomic<std::int64_t>* acked = nullptr,
                       std::string* problem = nullptr) {
    IngestStats total;
    for (std::size_t i = 0; i < messages.size(); i += chunk) {
        const std::vector<IncomingMessage> part(messages.begin() + static_cast<std::ptrdiff_t>(i),
                                                messages.begin() + static_cast<std::ptrdiff_t>(std::min(i + chunk, messages.size())));
        for (;;) {
            if (auto s = ingestor.ingest(part, refresh)) {
                total += *s;
                if (acked) *acked += static_cast<std::int64_t>(part.size());
                break;
            }
            ++retries;
            if (problem && !ingestor.last_problem().empty()) *problem = ingestor.last_problem();
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    return total;
}

void refresh_until_done(Database& db) {
    Ingestor ingestor(db, "postureguard");
    for (int i = 0; i < 100; ++i) {
        if (ingestor.refresh_marts()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "the marts could not be refreshed: " << ingestor.last_problem();
}

class PostgresWriters : public pg::hub::test::TempDirTest {
protected:
    void SetUp() override {
        TempDirTest::SetUp();
        if (!PostgresServer::available()) GTEST_SKIP() << "the PostgreSQL server binaries (Debian package postgresql) are not installed";
        input_ = fleet_input();
        // The reference: one writer, SQLite, every batch once and in order.
        reference_ = {path("reference.db").string(), {}};
        auto db = open_hub_database(reference_);
        Ingestor ingestor(db, "postureguard");
        std::atomic<int> retries{0};
        const auto s = ingest_all(ingestor, input_, 10, true, retries);
        ASSERT_EQ(s.batches, kTotalBatches);
    }

    static std::vector<std::string> args_of(const StoreLocation& where) {
        return where.url.empty() ? std::vector<std::string>{"--db", where.db}
                                 : std::vector<std::string>{"--store-url", where.url};
    }
    static pg::test::CommandResult report(const StoreLocation& where, const std::vector<std::string>& args) {
        std::vector<std::string> argv{PG_REPORT_BIN};
        for (const auto& a : args_of(where)) argv.push_back(a);
        for (const auto& a : args) argv.push_back(a);
        return run_command(argv);
    }

    // Every view pg-report has, on both stores: the same bytes (html: written).
    void expect_same_reports(const StoreLocation& pg) {
        std::vector<std::vector<std::string>> commands = {{"export", "--format", "csv"},
                                                          {"export", "--format", "json"}};
        for (const auto& desk : kDesks) {
            for (const char* day : {"2026-03-28", "2026-03-29", "2026-03-30"})
                commands.push_back({"--device", desk, "day", "--json", "--date", day});
            commands.push_back({"--device", desk, "week", "--week", "2026-W13", "--json"});
            commands.push_back({"--device", desk, "week", "--week", "2026-W13"});
            commands.push_back({"--device", desk, "calendar", "--month", "2026-03"});
            commands.push_back({"--device", desk, "export", "--samples"});
        }
        for (const auto& c : commands) {
            std::string what;
            for (const auto& a : c) what += a + " ";
            const auto want = report(reference_, c);
            const auto got = report(pg, c);
            EXPECT_EQ(got.exit_code, want.exit_code) << what << got.err;
            EXPECT_EQ(got.out, want.out) << what;
            if (want.exit_code == 0) {
                EXPECT_FALSE(got.out.empty()) << what;
            }
        }
        const auto devices = report(pg, {"devices"});
        EXPECT_EQ(devices.exit_code, 0) << devices.err;
        for (const auto& desk : kDesks) EXPECT_NE(devices.out.find(desk), std::string::npos) << devices.out;
        const auto html = report(pg, {"--device", "desk-a", "html", "--date", "2026-03-29", "--out",
                                      path("desk-a.html").string()});
        EXPECT_EQ(html.exit_code, 0) << html.err;
        EXPECT_GT(std::filesystem::file_size(path("desk-a.html")), 10000u);
    }

    static void expect_each_batch_once(const Database& db) {
        EXPECT_EQ(scalar(db, "SELECT count(*) FROM batches"), kTotalBatches);
        EXPECT_EQ(scalar(db, "SELECT count(*) FROM (SELECT DISTINCT device_id, stream, seq FROM batches) AS k"),
                  kTotalBatches);
        EXPECT_EQ(scalar(db, "SELECT sum(n) FROM sample_blocks"), kTotalSamples);
        EXPECT_EQ(scalar(db, "SELECT count(*) FROM events"), kTotalEvents);
        EXPECT_EQ(scalar(db, "SELECT count(*) FROM devices"), 4);
        EXPECT_EQ(scalar(db, "SELECT count(*) FROM dead_letters"), 0);
        EXPECT_EQ(scalar(db, "SELECT count(*) FROM dirty_minutes"), 0);
        EXPECT_EQ(scalar(db, "SELECT count(*) FROM dirty_days"), 0);
    }

    std::vector<IncomingMessage> input_;
    StoreLocation reference_;
};

}  // namespace

TEST_F(PostgresWriters, TwoWritersWithOverlappingBatchesStoreEachOnceAndTheSameMarts) {
    const StoreLocation pg{{}, PostgresServer::shared().create_database("two_writers")};
    open_hub_database(pg);
    // Both writers get every batch: one in order, several per call, the other
    // backwards in smaller calls, both refreshing marts as they go.
    auto backwards = input_;
    std::reverse(backwards.begin(), backwards.end());
    std::latch start(2);
    std::atomic<int> retries{0};
    IngestStats a, b;
    std::string error_a, error_b;
    const auto writer = [&](const std::vector<IncomingMessage>& messages, std::size_t chunk, bool refresh,
                            IngestStats& out, std::string& error) {
        try {
            auto db = open_hub_database(pg);
            Ingestor ingestor(db, "postureguard");
            start.arrive_and_wait();
            out = ingest_all(ingestor, messages, chunk, refresh, retries);
        } catch (const std::exception& e) {
            error = e.what();
        }
    };
    std::thread ta(writer, std::cref(input_), 7, true, std::ref(a), std::ref(error_a));
    std::thread tb(writer, std::cref(backwards), 5, true, std::ref(b), std::ref(error_b));
    ta.join();
    tb.join();
    ASSERT_EQ(error_a, "");
    ASSERT_EQ(error_b, "");
    std::cout << "[ measured ] two writers: " << a.batches << " + " << b.batches << " batches stored, "
              << a.duplicates + b.duplicates << " duplicates, " << retries << " calls retried\n";
    EXPECT_EQ(a.batches + b.batches, kTotalBatches);
    EXPECT_EQ(a.duplicates + b.duplicates, kTotalBatches);
    EXPECT_GT(a.batches, 0);
    EXPECT_GT(b.batches, 0) << "the writers did not overlap in time";

    auto db = open_hub_database(pg);
    refresh_until_done(db);
    expect_each_batch_once(db);
    EXPECT_EQ(scalar(db, "SELECT sum(duplicates) FROM devices"), kTotalBatches);
    expect_same_reports(pg);
}

TEST_F(PostgresWriters, AServerRestartedMidIngestLosesNothingAcknowledged) {
    PostgresServer server;  // its own: this test stops and kills it
    const StoreLocation pg{{}, server.create_database("restarts")};
    auto db = open_hub_database(pg);
    Ingestor ingestor(db, "postureguard");
    std::atomic<std::int64_t> acked{0};
    std::atomic<int> retries{0};
    std::string problem, error;
    IngestStats stored;
    // One batch a transaction, as the hub stores them, marts left to refresh.
    std::thread hub([&] {
        try {
            stored = ingest_all(ingestor, input_, 1, false, retries, &acked, &problem);
        } catch (const std::exception& e) {
            error = e.what();
        }
    });
    const auto wait_for = [&](std::int64_t n) {
        for (int i = 0; i < 3000 && acked < n && error.empty(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    };
    wait_for(40);
    server.stop();  // a clean restart: open transactions are rolled back
    const int before_stop = retries;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    server.start();
    wait_for(100);
    server.kill9();  // a crash: the server recovers from its WAL
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server.start();
    hub.join();
    ASSERT_EQ(error, "") << "a restart must be a value the caller retries, not an error";
    std::cout << "[ measured ] server restarted twice: " << retries << " calls retried (" << before_stop
              << " before the first stop); last problem: " << problem << "\n";
    EXPECT_GT(retries, 0) << "the restarts did not hit the ingest";
    EXPECT_FALSE(problem.empty());
    EXPECT_EQ(acked, kTotalBatches);
    // A commit whose answer was lost with the connection is stored and sent
    // again: it counts as a duplicate, never twice.
    EXPECT_EQ(stored.batches + stored.duplicates, kTotalBatches);
    refresh_until_done(db);
    expect_each_batch_once(db);
    expect_same_reports(pg);
}
