#pragma once

#include "store/sqlite_error.hpp"
#include "store/statement.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

struct sqlite3;

namespace pg::hub {

enum class OpenMode {
    read_write_create,  // the hub: creates the file and migrates it
    read_only,          // the report CLI: never writes, never creates
};

class Transaction;

// The one owner of one `sqlite3*`. Every SQLite result code is turned into a
// StoreError here (or in Statement), naming the file, so callers never see rc values.
class Database {
public:
    // Opens the file and sets the connection pragmas; does not touch the schema.
    static Database open(const std::filesystem::path& file, OpenMode mode);

    Database(Database&&) noexcept = default;
    Database& operator=(Database&&) noexcept = default;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database() = default;

    // For DDL and pragmas only: SQL text that never carries values.
    void exec(std::string_view sql);
    // Write-ahead logging, set in the file itself (readers never block the hub).
    void enable_wal();
    Statement prepare(std::string_view sql) const;

    // BEGIN IMMEDIATE takes the write lock up front, so statements inside the
    // transaction cannot hit SQLITE_BUSY; the only routine failure is here, as a
    // value: nullopt means another writer held the lock past busy_timeout.
    [[nodiscard]] std::optional<Transaction> begin_immediate();

    bool read_only() const { return mode_ == OpenMode::read_only; }
    const std::filesystem::path& file() const { return file_; }
    sqlite3* raw() const { return db_.get(); }

    // Throws a StoreError "FILE: what: sqlite's message".
    [[noreturn]] void fail(int rc, std::string_view what) const;

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    Database(std::unique_ptr<sqlite3, Closer> db, std::filesystem::path file, OpenMode mode);

    std::unique_ptr<sqlite3, Closer> db_;
    std::filesystem::path file_;
    OpenMode mode_;
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

    // False when SQLITE_BUSY kept the commit from happening (then rolled back).
    [[nodiscard]] bool commit();

private:
    friend class Database;
    explicit Transaction(Database& db) : db_(&db) {}
    Database* db_;
};

}  // namespace pg::hub
