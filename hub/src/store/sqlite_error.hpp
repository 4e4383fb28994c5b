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

}  // namespace pg::hub
