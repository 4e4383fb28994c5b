#pragma once

#include <stdexcept>
#include <string>

namespace pg::hub {

// A database problem that cannot be retried: opening, migrating, a constraint the
// code did not expect, a corrupt or foreign file. The message names the file so
// `main` can print it as is.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The one translation of an SQLite failure into a StoreError: "database FILE:
// what: sqlite's message", and for the failures a person has to act on (a full
// disk, a damaged or foreign file) what it means and what to do.
[[noreturn]] void throw_store_error(const std::string& file, int rc, const std::string& what,
                                    const std::string& sqlite_message);

}  // namespace pg::hub
