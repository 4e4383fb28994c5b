#pragma once

#include "store/engine.hpp"

#include <filesystem>
#include <memory>

struct sqlite3;

namespace pg::hub {

enum class OpenMode;

// The SQLite engine: one file, WAL, BEGIN IMMEDIATE (store/sqlite_engine.cpp).
std::unique_ptr<Connection> open_sqlite(const std::filesystem::path& file, OpenMode mode);
// The handle behind a connection open_sqlite made; salvage and backup need it.
sqlite3* sqlite_handle(Connection& c);

}  // namespace pg::hub
