#include "hub_fixture.hpp"

#include "pg/batch_codec.hpp"
#include "postgres_server.hpp"
#include "report/mart_reader.hpp"
#include "store/migrations.hpp"
#include "store/schema.hpp"

#include <cctz/time_zone.h>

#include <chrono>
#include <random>

namespace pg::hub::test {

void TempDirTest::SetUp() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("pg-hub-test-" + std::string(info->name()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
}

void TempDirTest::TearDown() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void EngineTest::SetUp() {
    TempDirTest::SetUp();
    if (engine() == Engine::sqlite) {
        store_.db = path("hub.db").string();
        return;
    }
    if (!pg::test::PostgresServer::available()) GTEST_SKIP() << "the PostgreSQL server binaries (Debian package postgresql) are not installed";
    store_.url = pg::test::PostgresServer::shared().create_database(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
}

StoreLocation EngineTest::fresh_store(const std::string& name) const {
    if (engine() == Engine::sqlite) return {path(name + ".db").string(), {}};
    return {{}, pg::test::PostgresServer::shared().create_database(name)};
}

std::vector<std::string> EngineTest::store_args() const {
    if (store_.url.empty()) return {"--db", store_.db};
    return {"--store-url", store_.url};
}

std::string engine_name(const ::testing::TestParamInfo<Engine>& info) {
    return info.param == Engine::sqlite ? "SQLite" : "PostgreSQL";
}

void HubDbTest::SetUp() {
    EngineTest::SetUp();
    if (IsSkipped()) return;
    db_.emplace(open_hub());
    ingestor_.emplace(*db_, "postureguard");
}

IngestStats HubDbTest::ingest(const std::vector<IncomingMessage>& messages) {
    auto s = ingestor_->ingest(messages);
    EXPECT_TRUE(s.has_value());
    return s.value_or(IngestStats{});
}

IngestStats HubDbTest::ingest(const Batch& b) { return ingest(std::vector<IncomingMessage>{message_for(b)}); }

std::map<std::string, DayStats> HubDbTest::days(bool with_hours) {
    const MartReader reader(*db_);
    return reader.days(reader.select_device(std::nullopt).id, "2000-01-01", "2999-12-31", with_hours);
}

std::int64_t local_ms(const cctz::civil_second& cs, const std::string& tz) {
    cctz::time_zone zone;
    EXPECT_TRUE(cctz::load_time_zone(tz, &zone)) << tz;
    return std::chrono::duration_cast<std::chrono::milliseconds>(cctz::convert(cs, zone).time_since_epoch()).count();
}

Batch make_batch(const std::string& device, std::uint64_t seq, std::int64_t t0_ms,
                 const std::vector<PostureState>& states, const std::string& tz, std::uint32_t cadence_ms) {
    Batch b;
    b.device = device;
    b.stream = 1;
    b.seq = seq;
    b.t0_ms = t0_ms;
    b.cadence_ms = cadence_ms;
    b.tz = tz;
    for (std::size_t i = 0; i < states.size(); ++i) {
        Sample s;
        s.t_ms = t0_ms + static_cast<std::int64_t>(i) * cadence_ms;
        s.state = states[i];
        s.score = states[i] == PostureState::good ? 90 : is_present(states[i]) ? 60 : 0;
        s.width_c = 100;
        b.samples.push_back(s);
    }
    return b;
}

IncomingMessage message_for(const Batch& b) {
    const std::int64_t last = b.samples.empty() ? b.t0_ms : b.samples.back().t_ms;
    return raw_message("postureguard/" + b.device + "/batch", encode_batch(b), last + 60000);
}

IncomingMessage raw_message(const std::string& topic, std::vector<std::uint8_t> payload, std::int64_t received_ms) {
    return IncomingMessage{topic, std::move(payload), received_ms};
}

std::vector<PostureState> repeat(PostureState s, int n) { return std::vector<PostureState>(static_cast<std::size_t>(n), s); }

std::vector<PostureState> concat(std::initializer_list<std::vector<PostureState>> parts) {
    std::vector<PostureState> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

Database old_schema_database(const std::filesystem::path& file, int version) {
    auto db = Database::open(file, OpenMode::read_write_create);
    db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    db.exec("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
            "applied_at_ms INTEGER NOT NULL)");
    for (int v = 1; v <= version; ++v) {
        db.exec(migrations()[static_cast<std::size_t>(v - 1)].sql);
        db.exec("INSERT INTO schema_version VALUES (" + std::to_string(v) + ", 'old', 0)");
    }
    return db;
}

std::int64_t scalar(const Database& db, const std::string& sql) {
    auto st = db.prepare(sql);
    auto c = st.bind();
    EXPECT_TRUE(c.next()) << sql;
    return c.int64(0);
}

}  // namespace pg::hub::test
