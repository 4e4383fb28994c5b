#include "store/schema.hpp"

#include "store/migrations.hpp"
#ifdef PG_HAVE_POSTGRESQL
#include "store/postgres_engine.hpp"
#endif

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

namespace pg::hub {
namespace {

struct SchemaState {
    std::int64_t application_id = 0;
    std::int64_t user_tables = 0;
    int version = 0;  // 0: no schema_version table, or an empty one
};

SchemaState inspect(const Database& db) {
    SchemaState s;
    s.application_id = db.connection().application_id();
    s.user_tables = db.connection().user_tables();
    if (s.application_id == kApplicationId) {
        auto st = db.prepare("SELECT coalesce(max(version), 0) FROM schema_version");
        auto c = st.bind();
        if (c.next()) s.version = static_cast<int>(c.int64(0));
    }
    return s;
}

std::string hex(std::int64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%08llx", static_cast<unsigned long long>(static_cast<std::uint32_t>(v)));
    return buf;
}

// The checks both openers share: refuse what is not ours or is newer than us.
void refuse_foreign_or_newer(const Database& db, const SchemaState& s) {
    const std::string name = "database " + db.name();
    if (s.application_id != kApplicationId && s.application_id != 0)
        throw StoreError(name + " is not a Posture Guard database (application id " + hex(s.application_id) + ")");
    if (s.application_id == 0 && s.user_tables > 0)
        throw StoreError(name + " is not a Posture Guard database (it holds " + std::to_string(s.user_tables) +
                         " tables of another application)");
    if (s.version > kSchemaVersion)
        throw StoreError(name + " has schema version " + std::to_string(s.version) +
                         ", newer than this build knows (" + std::to_string(kSchemaVersion) +
                         "): upgrade Posture Guard");
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string StoreLocation::name() const {
#ifdef PG_HAVE_POSTGRESQL
    if (!url.empty()) return postgres_display_name(url);
#endif
    return url.empty() ? db : url.substr(0, url.find('@'));
}

int migrate(Database& db) {
    // Nothing is written to a file that is not ours, not even its journal mode.
    // (A server's database is inspected under the schema lock only: outside it,
    // another hub's first migration could commit between two looks.)
    if (db.engine() == Engine::sqlite) refuse_foreign_or_newer(db, inspect(db));
    db.enable_wal();
    int found = -1;
    for (;;) {
        // Each step re-inspects under the write lock, so two hubs started on the
        // same fresh file cannot both apply migration 1.
        auto txn = db.begin_immediate();
        if (!txn) throw StoreError("database " + db.name() + " is locked by another writer");
        db.lock_schema();
        const SchemaState s = inspect(db);
        refuse_foreign_or_newer(db, s);
        if (found < 0) found = s.version;
        if (s.version == kSchemaVersion) return found;

        if (s.version == 0) {
            // A fresh file: claim it, then keep the migration log in the file itself.
            db.connection().set_application_id(kApplicationId);
            db.exec(db.dialect().ddl("CREATE TABLE IF NOT EXISTS schema_version ("
                                     "version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
                                     "applied_at_ms INTEGER NOT NULL)"));
        }
        const Migration& m = migrations()[static_cast<std::size_t>(s.version)];
        db.exec(db.dialect().ddl(m.sql));
        if (m.move_data) m.move_data(db);
        db.prepare("INSERT INTO schema_version (version, description, applied_at_ms) VALUES (?1, ?2, ?3)")
            .run(m.version, m.description, now_ms());
        if (!txn->commit()) throw StoreError("database " + db.name() + " is locked by another writer");
    }
}

void check_schema(const Database& db) {
    const SchemaState s = inspect(db);
    refuse_foreign_or_newer(db, s);
    const std::string name = "database " + db.name();
    if (s.application_id == 0)
        throw StoreError(name + " is not a Posture Guard database (it is empty)");
    if (s.version < kSchemaVersion)
        throw StoreError(name + " has schema version " + std::to_string(s.version) + ", older than this build (" +
                         std::to_string(kSchemaVersion) + "): run pg-hub once to migrate it");
}

void check_integrity(const Database& db, const std::vector<std::string>& tables) {
    // A server checks its own pages (and has its own tools for it).
    if (db.engine() != Engine::sqlite) return;
    auto one = [&](const std::string& pragma) {
        auto st = db.prepare(pragma);
        auto c = st.bind();
        if (!c.next() || c.text(0) == "ok") return;
        std::string first = c.text(0);
        if (const auto head = first.find("*** in database main ***\n"); head == 0) first.erase(0, 25);
        std::replace(first.begin(), first.end(), '\n', ' ');
        throw StoreError("database " + db.name() + " is damaged (" + first +
                             "); it is left as it is. Restore a backup, or copy what is readable into a new "
                             "database with: pg-hub salvage --db " + db.name() + " --to NEW");
    };
    if (tables.empty()) one("PRAGMA quick_check(1)");
    // Names from our own schema only: a pragma argument cannot be a bound value.
    for (const auto& t : tables) one("PRAGMA quick_check('" + t + "')");
}

Database open_hub_database(const std::filesystem::path& file) {
    auto db = Database::open(file, OpenMode::read_write_create);
    // The hub writes for hours: on a damaged file every write could spread the
    // damage, so the whole file is checked first (about 1 s per 300 MB).
    check_integrity(db);
    migrate(db);
    return db;
}

Database open_hub_database(const StoreLocation& where) {
    if (where.url.empty()) return open_hub_database(std::filesystem::path(where.db));
    auto db = Database::open_url(where.url, OpenMode::read_write_create);
    migrate(db);
    return db;
}

Database open_report_database(const StoreLocation& where) {
    if (where.url.empty()) return open_report_database(std::filesystem::path(where.db));
    auto db = Database::open_url(where.url, OpenMode::read_only);
    check_schema(db);
    return db;
}

Database open_report_database(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        throw StoreError("database " + file.string() + " not found");
    if (std::filesystem::is_directory(file, ec))
        throw StoreError("database " + file.string() + " is a directory, not a database file");
    auto db = Database::open(file, OpenMode::read_only);
    check_schema(db);
    // What every view reads; the raw samples it never reads are the hub's to check.
    check_integrity(db, {"devices", "daily_mart", "hourly_mart", "weekly_mart"});
    return db;
}

}  // namespace pg::hub
