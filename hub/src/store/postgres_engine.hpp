#pragma once

#include "store/engine.hpp"

#include <memory>
#include <optional>
#include <string>

namespace pg::hub {

enum class OpenMode;

// The PostgreSQL engine over libpq (store/postgres_connection.hpp): connects to
// `url` (postgresql://user[:password]@host:port/dbname[?param=value]).
std::unique_ptr<Connection> open_postgres(const std::string& url, OpenMode mode);

// What is wrong with a postgresql:// URL, if anything (for the config check).
std::optional<std::string> postgres_url_problem(const std::string& url);
// The URL as messages show it: postgresql://user@host:port/dbname, no password.
std::string postgres_display_name(const std::string& url);

}  // namespace pg::hub
