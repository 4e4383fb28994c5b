#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <filesystem>

namespace pg::hub {

// The newest schema this binary knows; migration N brings a database from N-1 to N.
inline constexpr int kSchemaVersion = 4;
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

// The hub's connection: read-write, created if missing, migrated.
Database open_hub_database(const std::filesystem::path& file);
// The report's connection: read-only; a missing, foreign or outdated file is refused.
Database open_report_database(const std::filesystem::path& file);

}  // namespace pg::hub
