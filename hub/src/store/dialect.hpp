#pragma once

#include "store/engine.hpp"

#include <initializer_list>
#include <string>
#include <string_view>

namespace pg::hub {

// Every SQL difference between the engines, in one place. The code writes its
// SQL once, in the subset both engines read the same way (?N placeholders,
// which the PostgreSQL engine numbers $N when it prepares), and asks here for
// the few constructs they spell differently.
class Dialect {
public:
    explicit Dialect(Engine e) : engine_(e) {}
    Engine engine() const { return engine_; }

    // "INSERT OR IGNORE INTO <rest>" / "INSERT INTO <rest> ON CONFLICT DO NOTHING":
    // `rest` is "table (columns) VALUES (...)" or "table (columns) SELECT ...".
    std::string insert_or_ignore(std::string_view rest) const;
    // Inserts a whole row, replacing the row with the same key: the first
    // `key_columns` of `columns` are the table's primary key. Values are ?1..?N.
    std::string upsert(std::string_view table, std::initializer_list<std::string_view> columns,
                       std::size_t key_columns) const;
    // The two-argument min and max of two values (not the aggregates).
    std::string_view least() const { return engine_ == Engine::sqlite ? "min" : "LEAST"; }
    std::string_view greatest() const { return engine_ == Engine::sqlite ? "max" : "GREATEST"; }

    // A migration's DDL, written for SQLite, as this engine takes it. PostgreSQL:
    // INTEGER is BIGINT (SQLite's integers are 64-bit), BLOB is BYTEA, an
    // "id INTEGER PRIMARY KEY" is an identity column, a table with a rowid gets
    // an identity column named rowid (sample_blocks addresses rows by it),
    // WITHOUT ROWID goes, and INSERT OR IGNORE becomes ON CONFLICT DO NOTHING.
    std::string ddl(std::string_view sqlite_ddl) const;

private:
    Engine engine_;
};

// "?3" -> "$3", a bare "?" -> the next number; quoted text is left alone.
std::string dollar_placeholders(std::string_view sql);

}  // namespace pg::hub
