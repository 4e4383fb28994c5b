#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pg::hub {

enum class Engine {
    sqlite,      // one file, the embedded default
    postgresql,  // a server, shared by several hubs
};

// One prepared statement of one engine. Parameters are 1-based, columns 0-based,
// as in SQLite. Every failure is thrown as StoreError (TransientStoreError when
// retrying the transaction can succeed), already naming the database.
class StatementBackend {
public:
    virtual ~StatementBackend() = default;
    virtual void bind_int64(int i, std::int64_t v) = 0;
    virtual void bind_double(int i, double v) = 0;
    virtual void bind_text(int i, std::string_view v) = 0;
    virtual void bind_blob(int i, std::span<const std::uint8_t> v) = 0;
    virtual void bind_null(int i) = 0;
    // Runs the statement on the first call; true while there is a row.
    virtual bool step() = 0;
    // Back to "bound nothing, not run": the next use starts clean.
    virtual void reset() noexcept = 0;
    // Rows changed by the last run.
    virtual int changes() const = 0;

    virtual std::int64_t int64(int col) const = 0;
    virtual double real(int col) const = 0;
    virtual std::string text(int col) const = 0;
    virtual bool is_null(int col) const = 0;
    virtual std::vector<std::uint8_t> blob(int col) const = 0;
};

// One connection to one database of one engine: what Database needs and SQLite
// and PostgreSQL do differently. Not thread-safe; a Database is used by one
// thread at a time (the hub holds a mutex around it).
class Connection {
public:
    virtual ~Connection() = default;
    virtual Engine engine() const = 0;
    // For messages: the file, or postgresql://user@host:port/dbname (no password).
    virtual const std::string& name() const = 0;
    virtual bool read_only() const = 0;

    // SQL text without values, several statements allowed.
    virtual void exec(std::string_view sql) = 0;
    // `sql` uses ?N placeholders; an engine that numbers them otherwise translates.
    virtual std::unique_ptr<StatementBackend> prepare(std::string_view sql) = 0;

    // false: another writer holds the database (SQLite busy); nothing was begun.
    virtual bool begin() = 0;
    // false: the commit could not happen (busy); the transaction was rolled back.
    virtual bool commit() = 0;
    virtual void rollback() noexcept = 0;

    // Inside a transaction: makes this transaction the only writer of the device's
    // marts until it ends. With `wait` false, returns false at once when another
    // transaction holds it. SQLite's write lock already covers the whole file.
    virtual bool lock_device(std::int64_t device_id, bool wait) = 0;
    // Inside a transaction: one migrating hub at a time.
    virtual void lock_schema() = 0;

    // The marks schema.cpp inspects: SQLite keeps the application id in the file
    // header (PRAGMA application_id), PostgreSQL in a one-row table.
    virtual std::int64_t application_id() = 0;
    virtual void set_application_id(std::int32_t id) = 0;
    // Tables of any application, ours included.
    virtual std::int64_t user_tables() = 0;
};

}  // namespace pg::hub
