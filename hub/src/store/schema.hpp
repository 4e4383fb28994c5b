#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace pg::hub {

// The newest schema this binary knows; migration N brings a database from N-1 to N.
inline constexpr int kSchemaVersion = 5;
// PRAGMA application_id 'PGRD': marks the file as ours before any table is read,
// so `file` and sqlite tools can tell, and a foreign database is refused early.
inline constexpr std::int32_t kApplicationId = 0x50475244;

// Brings the database up to kSchemaVersion (creating it on an empty file), each
// migration in its own transaction. Throws StoreError for a newer or foreign
// database. Returns the version found before migrating (0 = fresh file).
int migrate(Database& db);

// For read-only users: throws StoreError unless the database is a Posture Guard
// database at exactly kSchemaVersion.
void check_schema(const Database& db);

// Throws StoreError naming the first problem SQLite's quick_check finds, in
// every table or only in those given. Reads each page of them once.
void check_integrity(const Database& db, const std::vector<std::string>& tables = {});

// Where the store is: an SQLite file ([store] db, --db) or a PostgreSQL
// database ([store] url, --store-url); exactly one of them is set.
struct StoreLocation {
    std::string db;
    std::string url;
    // What messages call it: the file, or the URL without its password.
    std::string name() const;
};

// The hub's connection: read-write, created if missing, migrated. A damaged
// file is refused before anything is written to it.
Database open_hub_database(const std::filesystem::path& file);
// The report's connection: read-only; a missing, foreign or outdated file, or
// one whose devices and marts are damaged, is refused.
Database open_report_database(const std::filesystem::path& file);
// The same for either engine: a file as above, or a PostgreSQL database whose
// tables are created (or migrated) by the hub and only read by the report.
Database open_hub_database(const StoreLocation& where);
Database open_report_database(const StoreLocation& where);

}  // namespace pg::hub
