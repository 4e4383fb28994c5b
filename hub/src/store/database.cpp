#include "store/database.hpp"

#include "store/sqlite_engine.hpp"
#ifdef PG_HAVE_POSTGRESQL
#include "store/postgres_engine.hpp"
#endif

namespace pg::hub {

Database Database::open(const std::filesystem::path& file, OpenMode mode) { return Database(open_sqlite(file, mode)); }

Database Database::open_url(const std::string& url, OpenMode mode) {
#ifdef PG_HAVE_POSTGRESQL
    return Database(open_postgres(url, mode));
#else
    (void)mode;
    throw StoreError("database " + url + ": this build has no PostgreSQL support (configure with "
                     "-DPG_WITH_POSTGRESQL=ON and libpq-dev installed)");
#endif
}

void Database::enable_wal() {
    if (engine() == Engine::sqlite) exec("PRAGMA journal_mode = WAL");
}

void Database::exec(std::string_view sql) { conn_->exec(sql); }

Statement Database::prepare(std::string_view sql) const { return Statement(*this, sql); }

sqlite3* Database::raw() const { return sqlite_handle(*conn_); }

std::optional<Transaction> Database::begin_immediate() {
    if (!conn_->begin()) return std::nullopt;
    return Transaction(*this);
}

Transaction::~Transaction() {
    if (db_) db_->connection().rollback();
}

bool Transaction::commit() {
    if (!db_) return true;
    Database* db = std::exchange(db_, nullptr);
    try {
        if (!db->connection().commit()) {
            db->connection().rollback();
            return false;
        }
    } catch (...) {
        db->connection().rollback();
        throw;
    }
    return true;
}

}  // namespace pg::hub
