#include "store/sqlite_engine.hpp"

#include "store/database.hpp"
#include "store/sqlite_error.hpp"

#include <sqlite3.h>

#include <utility>

namespace pg::hub {

void throw_store_error(const std::string& file, int rc, const std::string& what, const std::string& message) {
    const std::string name = "database " + file;
    switch (rc & 0xff) {
        case SQLITE_NOTADB:
            throw StoreError(name + " is not an SQLite database");
        case SQLITE_CORRUPT:
            throw StoreError(name + " is damaged (" + what + ": " + message +
                             "); it is left as it is. Restore a backup, or copy what is readable into a new "
                             "database with: pg-hub salvage --db " + file + " --to NEW");
        case SQLITE_FULL:
            throw StoreError(name + ": " + what + ": the disk is full. Nothing that was not stored has been "
                             "acknowledged: the broker keeps it. Free space, or copy the database to another disk "
                             "with pg-hub backup --db " + file + " --to NEW (or move it together with its -wal "
                             "file), then start pg-hub again");
        default:
            throw StoreError(name + ": " + what + ": " + message);
    }
}

namespace {

// Long enough to ride out a report reading while the hub checkpoints; short
// enough that a stuck writer shows up in the hub's log within seconds.
constexpr int kBusyTimeoutMs = 5000;

struct Closer {
    // close_v2 defers the close until the last statement is finalized, so the
    // order in which owners are destroyed does not matter.
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};

struct Finalizer {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};

class SqliteStatement final : public StatementBackend {
public:
    SqliteStatement(sqlite3* db, const std::string& file, std::string_view sql) : db_(db), file_(file) {
        sqlite3_stmt* raw = nullptr;
        const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                          &raw, nullptr);
        stmt_.reset(raw);
        check(rc, "prepare");
    }

    void bind_int64(int i, std::int64_t v) override { check(sqlite3_bind_int64(stmt_.get(), i, v), "bind"); }
    void bind_double(int i, double v) override { check(sqlite3_bind_double(stmt_.get(), i, v), "bind"); }
    void bind_null(int i) override { check(sqlite3_bind_null(stmt_.get(), i), "bind"); }
    void bind_text(int i, std::string_view v) override {
        check(sqlite3_bind_text64(stmt_.get(), i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8), "bind");
    }
    void bind_blob(int i, std::span<const std::uint8_t> v) override {
        // A zero-length blob must still be a blob, not NULL: bind_zeroblob for it.
        const int rc = v.empty() ? sqlite3_bind_zeroblob(stmt_.get(), i, 0)
                                 : sqlite3_bind_blob64(stmt_.get(), i, v.data(), v.size(), SQLITE_TRANSIENT);
        check(rc, "bind");
    }
    bool step() override {
        const int rc = sqlite3_step(stmt_.get());
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        check(rc, "step");
        return false;
    }
    void reset() noexcept override {
        // reset() repeats the last step's error code; that error was already thrown
        // from step(), so it is deliberately ignored here.
        sqlite3_reset(stmt_.get());
        sqlite3_clear_bindings(stmt_.get());
    }
    int changes() const override { return sqlite3_changes(db_); }

    std::int64_t int64(int col) const override { return sqlite3_column_int64(stmt_.get(), col); }
    double real(int col) const override { return sqlite3_column_double(stmt_.get(), col); }
    bool is_null(int col) const override { return sqlite3_column_type(stmt_.get(), col) == SQLITE_NULL; }
    std::vector<std::uint8_t> blob(int col) const override {
        const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), col));
        const int n = sqlite3_column_bytes(stmt_.get(), col);
        return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
    }
    std::string text(int col) const override {
        const auto* p = sqlite3_column_text(stmt_.get(), col);
        const int n = sqlite3_column_bytes(stmt_.get(), col);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
    }

private:
    void check(int rc, std::string_view what) const {
        if (rc == SQLITE_OK) return;
        const char* sql = stmt_ ? sqlite3_sql(stmt_.get()) : nullptr;
        throw_store_error(file_, rc, std::string(what) + " failed",
                          std::string(sqlite3_errmsg(db_)) + (sql ? std::string(" (in: ") + sql + ")" : std::string()));
    }

    sqlite3* db_;
    std::string file_;
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

class SqliteConnection final : public Connection {
public:
    SqliteConnection(std::unique_ptr<sqlite3, Closer> db, std::string file, OpenMode mode)
        : db_(std::move(db)), file_(std::move(file)), read_only_(mode == OpenMode::read_only) {}

    Engine engine() const override { return Engine::sqlite; }
    const std::string& name() const override { return file_; }
    bool read_only() const override { return read_only_; }
    sqlite3* raw() const { return db_.get(); }

    void exec(std::string_view sql) override {
        char* err = nullptr;
        const int rc = sqlite3_exec(db_.get(), std::string(sql).c_str(), nullptr, nullptr, &err);
        if (rc != SQLITE_OK) {
            std::string msg = err ? err : sqlite3_errstr(rc);
            sqlite3_free(err);
            throw_store_error(file_, rc, std::string(sql.substr(0, sql.find_first_of(" ("))), msg);
        }
    }
    std::unique_ptr<StatementBackend> prepare(std::string_view sql) override {
        return std::make_unique<SqliteStatement>(db_.get(), file_, sql);
    }

    // BEGIN IMMEDIATE takes the write lock up front, so statements inside the
    // transaction cannot hit SQLITE_BUSY; the only routine failure is here.
    bool begin() override {
        const int rc = sqlite3_exec(db_.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        if ((rc & 0xff) == SQLITE_BUSY) return false;
        if (rc != SQLITE_OK) fail(rc, "begin transaction");
        return true;
    }
    bool commit() override {
        const int rc = sqlite3_exec(db_.get(), "COMMIT", nullptr, nullptr, nullptr);
        if ((rc & 0xff) == SQLITE_BUSY) return false;  // the Transaction rolls back
        if (rc != SQLITE_OK) fail(rc, "commit");
        return true;
    }
    void rollback() noexcept override {
        // Nothing to report: a failed rollback leaves SQLite to roll back on close,
        // which is the same outcome.
        sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
    bool lock_device(std::int64_t, bool) override { return true; }  // BEGIN IMMEDIATE holds the file
    void lock_schema() override {}

    std::int64_t application_id() override { return scalar("PRAGMA application_id"); }
    void set_application_id(std::int32_t id) override { exec("PRAGMA application_id = " + std::to_string(id)); }
    std::int64_t user_tables() override {
        return scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    }

    [[noreturn]] void fail(int rc, std::string_view what) const {
        throw_store_error(file_, rc, std::string(what), sqlite3_errmsg(db_.get()));
    }

private:
    std::int64_t scalar(std::string_view sql) {
        SqliteStatement st(db_.get(), file_, sql);
        const std::int64_t v = st.step() ? st.int64(0) : 0;
        st.reset();
        return v;
    }

    std::unique_ptr<sqlite3, Closer> db_;
    std::string file_;
    bool read_only_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::filesystem::path& file, OpenMode mode) {
    const int flags = (mode == OpenMode::read_only ? SQLITE_OPEN_READONLY
                                                   : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;  // salvage attaches with file:...?mode=ro
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
    std::unique_ptr<sqlite3, Closer> owner(raw);  // even a failed open allocates a handle
    if (rc != SQLITE_OK) {
        std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        throw StoreError("database " + file.string() + ": cannot open: " + msg);
    }
    sqlite3_extended_result_codes(raw, 1);
    auto db = std::make_unique<SqliteConnection>(std::move(owner), file.string(), mode);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    // The first statement reads the header: a file that is not SQLite fails here.
    db->exec("PRAGMA foreign_keys = ON");
    if (mode == OpenMode::read_write_create) {
        // WAL mode is a change to the file: migrate() makes it once it knows the
        // file is ours (a foreign database is refused, not converted).
        // NORMAL in WAL mode: durable across application crashes, and at most the
        // last transactions lost on power failure, which redelivery from the
        // edge's outbox does not repair but the hub's throughput needs.
        db->exec("PRAGMA synchronous = NORMAL");
        // Checkpoint every ~40 MB of WAL rather than 4 MB: a page many transactions
        // touch (an index leaf per device) is then copied into the database once per
        // checkpoint instead of ten times. Measured +27 % batches/s at 8 batches per
        // transaction (bench/hub_ingest_bench), and fewer writes for an SD card. The
        // size limit gives the disk back after a checkpoint that readers held up.
        db->exec("PRAGMA wal_autocheckpoint = 10000");
        db->exec("PRAGMA journal_size_limit = 67108864");
    }
    return db;
}

sqlite3* sqlite_handle(Connection& c) {
    auto* s = dynamic_cast<SqliteConnection*>(&c);
    if (!s) throw StoreError("database " + c.name() + ": this needs an SQLite database file");
    return s->raw();
}

}  // namespace pg::hub
