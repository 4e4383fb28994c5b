#pragma once

#include "store/dialect.hpp"
#include "store/engine.hpp"
#include "store/sqlite_error.hpp"
#include "store/statement.hpp"
#include "store/store_error.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

struct sqlite3;

namespace pg::hub {

enum class OpenMode {
    read_write_create,  // the hub: creates the file (or the tables) and migrates
    read_only,          // the report CLI: never writes, never creates
};

class Transaction;

// The store's one connection, whichever engine is behind it (store/engine.hpp):
// an SQLite file or a PostgreSQL database. Every engine failure arrives here as
// a StoreError naming the file or the server and database; callers never see
// engine codes.
class Database {
public:
    // Opens the SQLite file and sets the connection pragmas; does not touch the schema.
    static Database open(const std::filesystem::path& file, OpenMode mode);
    // Connects to postgresql://... (throws StoreError when this build has no PostgreSQL).
    static Database open_url(const std::string& url, OpenMode mode);

    Database(Database&&) noexcept = default;
    Database& operator=(Database&&) noexcept = default;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database() = default;

    // For DDL and pragmas only: SQL text that never carries values.
    void exec(std::string_view sql);
    // Write-ahead logging, set in the file itself (readers never block the hub);
    // nothing to do on a server.
    void enable_wal();
    Statement prepare(std::string_view sql) const;

    // The transaction every write runs in. SQLite: BEGIN IMMEDIATE takes the
    // write lock up front, so statements inside cannot hit SQLITE_BUSY; nullopt
    // means another writer held the lock past busy_timeout. PostgreSQL: writers
    // run side by side (READ COMMITTED) and the marts are kept apart per device
    // (lock_device); a failure a retry can cure is a TransientStoreError.
    [[nodiscard]] std::optional<Transaction> begin_immediate();

    // In a transaction: this transaction alone refreshes the device's marts until
    // it ends. wait=false returns false at once when another one has it.
    bool lock_device(std::int64_t device_id, bool wait) { return conn_->lock_device(device_id, wait); }
    void lock_schema() { conn_->lock_schema(); }

    Engine engine() const { return conn_->engine(); }
    const Dialect& dialect() const { return dialect_; }
    bool read_only() const { return conn_->read_only(); }
    // The file, or postgresql://user@host:port/dbname: what messages name.
    const std::string& name() const { return conn_->name(); }
    Connection& connection() const { return *conn_; }
    // SQLite only (salvage, backup and tests); StoreError on a server.
    sqlite3* raw() const;

private:
    explicit Database(std::unique_ptr<Connection> conn) : conn_(std::move(conn)), dialect_(conn_->engine()) {}

    std::unique_ptr<Connection> conn_;
    Dialect dialect_;
};

// Rolls back unless committed, so an exception in the middle of an ingest leaves
// the database exactly as before.
class Transaction {
public:
    Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
    Transaction& operator=(Transaction&&) = delete;
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();

    // False when the commit could not happen (SQLite busy); then rolled back.
    [[nodiscard]] bool commit();

private:
    friend class Database;
    explicit Transaction(Database& db) : db_(&db) {}
    Database* db_;
};

}  // namespace pg::hub
