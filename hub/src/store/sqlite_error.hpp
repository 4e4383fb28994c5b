#pragma once

#include "store/store_error.hpp"

#include <string>

namespace pg::hub {

// The one translation of an SQLite failure into a StoreError: "database FILE:
// what: sqlite's message", and for the failures a person has to act on (a full
// disk, a damaged or foreign file) what it means and what to do.
[[noreturn]] void throw_store_error(const std::string& file, int rc, const std::string& what,
                                    const std::string& sqlite_message);

}  // namespace pg::hub
