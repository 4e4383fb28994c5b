#pragma once

#include <stdexcept>
#include <string>

namespace pg::hub {

// A database problem that cannot be retried: opening, migrating, a constraint the
// code did not expect, a corrupt or foreign file. The message names the file (or
// the server and database) so `main` can print it as is.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A failure that goes away by itself and leaves nothing half-written: the open
// transaction was rolled back. PostgreSQL raises it for a serialization failure,
// a deadlock, or a lost connection; SQLite's equivalent is SQLITE_BUSY at BEGIN
// or COMMIT, which stays a value there. Ingest turns it into nullopt (retry the
// same messages); everywhere else it is a StoreError like any other.
class TransientStoreError : public StoreError {
public:
    using StoreError::StoreError;
};

}  // namespace pg::hub
