#include "store/database.hpp"

#include <sqlite3.h>

#include <utility>

namespace pg::hub {
namespace {

// Long enough to ride out a report reading while the hub checkpoints; short
// enough that a stuck writer shows up in the hub's log within seconds.
constexpr int kBusyTimeoutMs = 5000;

}  // namespace

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

void Database::Closer::operator()(sqlite3* db) const {
    // close_v2 defers the close until the last statement is finalized, so the
    // order in which owners are destroyed does not matter.
    sqlite3_close_v2(db);
}

Database::Database(std::unique_ptr<sqlite3, Closer> db, std::filesystem::path file, OpenMode mode)
    : db_(std::move(db)), file_(std::move(file)), mode_(mode) {}

Database Database::open(const std::filesystem::path& file, OpenMode mode) {
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
    Database db(std::move(owner), file, mode);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    // The first statement reads the header: a file that is not SQLite fails here.
    db.exec("PRAGMA foreign_keys = ON");
    if (mode == OpenMode::read_write_create) {
        // WAL mode is a change to the file: migrate() makes it once it knows the
        // file is ours (a foreign database is refused, not converted).
        // NORMAL in WAL mode: durable across application crashes, and at most the
        // last transactions lost on power failure, which redelivery from the
        // edge's outbox does not repair but the hub's throughput needs.
        db.exec("PRAGMA synchronous = NORMAL");
        // Checkpoint every ~40 MB of WAL rather than 4 MB: a page many transactions
        // touch (an index leaf per device) is then copied into the database once per
        // checkpoint instead of ten times. Measured +27 % batches/s at 8 batches per
        // transaction (bench/hub_ingest_bench), and fewer writes for an SD card. The
        // size limit gives the disk back after a checkpoint that readers held up.
        db.exec("PRAGMA wal_autocheckpoint = 10000");
        db.exec("PRAGMA journal_size_limit = 67108864");
    }
    return db;
}

void Database::enable_wal() { exec("PRAGMA journal_mode = WAL"); }

void Database::exec(std::string_view sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_.get(), std::string(sql).c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw_store_error(file_.string(), rc, std::string(sql.substr(0, sql.find_first_of(" ("))), msg);
    }
}

Statement Database::prepare(std::string_view sql) const {
    return Statement(*this, sql);
}

void Database::fail(int rc, std::string_view what) const {
    throw_store_error(file_.string(), rc, std::string(what), sqlite3_errmsg(db_.get()));
}

std::optional<Transaction> Database::begin_immediate() {
    const int rc = sqlite3_exec(db_.get(), "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    if ((rc & 0xff) == SQLITE_BUSY) return std::nullopt;
    if (rc != SQLITE_OK) fail(rc, "begin transaction");
    return Transaction(*this);
}

Transaction::~Transaction() {
    // Nothing to report from a destructor: a failed rollback leaves SQLite to roll
    // back on close, which is the same outcome.
    if (db_) sqlite3_exec(db_->raw(), "ROLLBACK", nullptr, nullptr, nullptr);
}

bool Transaction::commit() {
    if (!db_) return true;
    const int rc = sqlite3_exec(db_->raw(), "COMMIT", nullptr, nullptr, nullptr);
    if ((rc & 0xff) == SQLITE_BUSY) return false;  // destructor rolls back
    if (rc != SQLITE_OK) db_->fail(rc, "commit");
    db_ = nullptr;
    return true;
}

}  // namespace pg::hub
