// Hubs sharing one PostgreSQL database, the real binaries on loopback: Debian's
// mosquitto, a PostgreSQL 15 server of the test's own, pg-edge streaming. Two
// hubs on PostgreSQL and one on SQLite take the same stream, so every batch is
// written twice into the shared database, at once, and once into the file: the
// marts must come out the same (pg-report's exports compared byte for byte).
#include "postgres_server.hpp"
#include "system_fixture.hpp"

using namespace pg::test;

namespace {

constexpr const char* kRun = "sim:quick";   // ten minutes of every state
constexpr const char* kCadence = "200ms";  // about 3,000 analysed frames

class PostgresHubs : public SystemFixture {
protected:
    void SetUp() override {
        SystemFixture::SetUp();
        if (IsSkipped()) return;
        if (!PostgresServer::available()) GTEST_SKIP() << "the PostgreSQL server binaries (Debian package postgresql) are not installed";
        server_ = std::make_unique<PostgresServer>();
        url_ = server_->create_database("fleet");
    }
    void TearDown() override {
        for (auto& h : hubs_) stop(h);
        SystemFixture::TearDown();
        server_.reset();
    }

    std::unique_ptr<ChildProcess> hub(const std::vector<std::string>& store, const std::string& id) {
        std::vector<std::string> argv{PG_HUB_BIN, "--broker", broker_->address(), "--client-id", id};
        argv.insert(argv.end(), store.begin(), store.end());
        return std::make_unique<ChildProcess>(argv, tmp_.path + "/" + id + ".log");
    }
    static int stop(std::unique_ptr<ChildProcess>& h) {
        if (!h) return 0;
        h->signal(SIGTERM);
        const auto rc = h->wait(std::chrono::seconds(60));
        h.reset();
        return rc.value_or(-1);
    }
    bool wait_for_log(const std::string& id, const std::string& text) {
        for (int i = 0; i < 400; ++i) {
            if (read_file(tmp_.path + "/" + id + ".log").find(text) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    }
    std::unique_ptr<ChildProcess> start_edge(const std::string& device) {
        return std::make_unique<ChildProcess>(
            std::vector<std::string>{PG_EDGE_BIN, "--source", kRun, "--cadence", kCadence, "--speed", "max",
                                     "--broker", broker_->address(), "--device", device, "--state-dir",
                                     tmp_.path + "/state-" + device, "--summary", summary_path(device)},
            tmp_.path + "/edge-" + device + ".log");
    }
    CommandResult report_on(const std::vector<std::string>& store, const std::vector<std::string>& args) {
        std::vector<std::string> argv{PG_REPORT_BIN};
        argv.insert(argv.end(), store.begin(), store.end());
        argv.insert(argv.end(), args.begin(), args.end());
        return run_command(argv, std::chrono::seconds(60));
    }
    long long stored_on(const std::vector<std::string>& store, const std::string& device) {
        const auto r = report_on(store, {"devices", "--json"});
        if (r.exit_code != 0) return 0;
        const auto all = nlohmann::json::parse(r.out, nullptr, false);
        if (!all.is_array()) return 0;
        for (const auto& row : all)
            if (row.value("device", "") == device) return row.value("samples", 0LL);
        return 0;
    }
    long long wait_stored_on(const std::vector<std::string>& store, const std::string& device, long long n) {
        long long have = 0;
        for (int i = 0; i < 600 && (have = stored_on(store, device)) < n; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return have;
    }
    std::vector<std::string> pg() const { return {"--store-url", url_}; }
    std::vector<std::string> sqlite() const { return {"--db", db_}; }
    long long psql_count(const std::string& sql) {
        return std::stoll(server_->psql(url_.substr(url_.rfind('/') + 1), sql));
    }
    // The marts of both stores, through the report, byte for byte.
    void expect_same_exports(const std::vector<std::string>& devices) {
        for (const auto& format : {"csv", "json"}) {
            const auto want = report_on(sqlite(), {"export", "--format", format});
            const auto got = report_on(pg(), {"export", "--format", format});
            ASSERT_EQ(want.exit_code, 0) << want.err;
            ASSERT_EQ(got.exit_code, 0) << got.err;
            EXPECT_EQ(got.out, want.out) << format;
        }
        for (const auto& d : devices) {
            const auto want = report_on(sqlite(), {"--device", d, "day", "--json"});
            const auto got = report_on(pg(), {"--device", d, "day", "--json"});
            EXPECT_EQ(got.out, want.out) << d;
            EXPECT_EQ(report_on(pg(), {"--device", d, "export", "--samples"}).out,
                      report_on(sqlite(), {"--device", d, "export", "--samples"}).out)
                << d;
        }
    }

    std::unique_ptr<PostgresServer> server_;
    std::string url_;
    std::vector<std::unique_ptr<ChildProcess>> hubs_;
};

}  // namespace

TEST_F(PostgresHubs, TwoHubsOnOneDatabaseStoreEachBatchOnceAndTheMartsOfOneSqliteHub) {
    hubs_.push_back(hub(pg(), "hub-a"));
    hubs_.push_back(hub(pg(), "hub-b"));
    hubs_.push_back(hub(sqlite(), "hub-ref"));
    for (const char* id : {"hub-a", "hub-b", "hub-ref"}) ASSERT_TRUE(wait_for_log(id, "subscribed")) << id;
    const std::vector<std::string> devices{"fleet-1", "fleet-2", "fleet-3"};
    std::vector<std::unique_ptr<ChildProcess>> edges;
    for (const auto& d : devices) edges.push_back(start_edge(d));
    for (auto& e : edges) ASSERT_EQ(e->wait(std::chrono::seconds(300)), 0);
    long long produced_total = 0;
    for (const auto& d : devices) {
        const long long produced = summary(d)["samples"];
        produced_total += produced;
        EXPECT_EQ(wait_stored_on(pg(), d, produced), produced) << d;
        EXPECT_EQ(wait_stored_on(sqlite(), d, produced), produced) << d;
    }
    for (auto& h : hubs_) EXPECT_EQ(stop(h), 0);  // each refreshes the marts once more on the way out
    const long long batches = psql_count("SELECT count(*) FROM batches");
    EXPECT_EQ(psql_count("SELECT count(*) FROM (SELECT DISTINCT device_id, stream, seq FROM batches) AS k"), batches);
    EXPECT_EQ(psql_count("SELECT sum(n) FROM sample_blocks"), produced_total);
    // Both hubs saw every batch: what one stored, the other counted as a duplicate.
    EXPECT_EQ(psql_count("SELECT sum(duplicates) FROM devices"), batches);
    EXPECT_EQ(psql_count("SELECT count(*) FROM dead_letters"), 0);
    EXPECT_EQ(psql_count("SELECT count(*) FROM dirty_days"), 0);
    std::cout << "[ measured ] two hubs on PostgreSQL: " << batches << " batches, " << produced_total
              << " samples stored once each, " << batches << " duplicates counted\n";
    expect_same_exports(devices);
}

TEST_F(PostgresHubs, PostgresRestartedMidStreamLosesNothing) {
    hubs_.push_back(hub(pg(), "hub-a"));
    hubs_.push_back(hub(sqlite(), "hub-ref"));
    for (const char* id : {"hub-a", "hub-ref"}) ASSERT_TRUE(wait_for_log(id, "subscribed")) << id;
    auto edge = start_edge("fleet-r");
    ASSERT_GE(wait_stored_on(pg(), "fleet-r", 100), 100);
    server_->stop();
    std::this_thread::sleep_for(std::chrono::seconds(2));
    server_->start();
    // Stored again since the restart (unless the edge was done already), then a crash.
    const long long before = stored_on(pg(), "fleet-r");
    if (edge->running()) (void)wait_stored_on(pg(), "fleet-r", before + 1);
    server_->kill9();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    server_->start();
    ASSERT_EQ(edge->wait(std::chrono::seconds(300)), 0);
    const long long produced = summary("fleet-r")["samples"];
    EXPECT_EQ(wait_stored_on(pg(), "fleet-r", produced), produced);
    EXPECT_EQ(wait_stored_on(sqlite(), "fleet-r", produced), produced);
    for (auto& h : hubs_) EXPECT_EQ(stop(h), 0);
    const std::string log = read_file(tmp_.path + "/hub-a.log");
    const auto retry = log.find("retrying a batch");
    EXPECT_NE(retry, std::string::npos) << "the restarts did not reach the hub\n" << log;
    if (retry != std::string::npos) {
        const auto line = log.rfind('\n', retry);
        std::cout << "[ log ] " << log.substr(line + 1, log.find('\n', retry) - line - 1) << "\n";
    }
    EXPECT_EQ(psql_count("SELECT sum(n) FROM sample_blocks"), produced);
    EXPECT_EQ(psql_count("SELECT count(*) FROM dead_letters"), 0);
    expect_same_exports({"fleet-r"});
}

TEST_F(PostgresHubs, WrongStoreOptionsAreClearErrors) {
    auto r = run_command({PG_HUB_BIN, "--db", db_, "--store-url", url_});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("not both"), std::string::npos) << r.err;
    r = run_command({PG_HUB_BIN, "--store-url", "mysql://hub@127.0.0.1/fleet"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("is not a postgresql:// URL"), std::string::npos) << r.err;
    r = run_command({PG_HUB_BIN, "backup", "--store-url", url_, "--to", tmp_.path + "/copy.db"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("backup works on an SQLite file"), std::string::npos) << r.err;
    r = run_command({PG_HUB_BIN, "salvage", "--store-url", url_, "--to", tmp_.path + "/copy.db"});
    EXPECT_EQ(r.exit_code, 2);
    const int down = free_loopback_port();
    const std::string nowhere = "postgresql://hub@127.0.0.1:" + std::to_string(down) + "/fleet";
    r = run_command({PG_HUB_BIN, "--store-url", nowhere, "--broker", broker_->address()});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("pg-hub: database " + nowhere + ": cannot connect"), std::string::npos) << r.err;
    r = run_command({PG_REPORT_BIN, "--store-url", nowhere, "day"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << r.err;
    r = run_command({PG_REPORT_BIN, "day"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("no database"), std::string::npos) << r.err;
    // Someone else's database: refused, untouched.
    const std::string other = server_->create_database("crm");
    server_->psql(other.substr(other.rfind('/') + 1), "CREATE TABLE customers (id integer)");
    r = run_command({PG_HUB_BIN, "prune", "--store-url", other});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("is not a Posture Guard database"), std::string::npos) << r.err;
}
