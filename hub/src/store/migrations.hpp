#pragma once

#include <span>
#include <string_view>

namespace pg::hub {

class Database;

struct Migration {
    int version;
    std::string_view description;
    std::string_view sql;  // DDL only: never carries values
    // Moves existing rows into the new shape after `sql`, in the same transaction.
    void (*move_data)(Database&) = nullptr;
};

// All migrations in order; entry i has version i + 1. Append only: a released
// migration is never edited, a change is a new migration.
std::span<const Migration> migrations();

}  // namespace pg::hub
