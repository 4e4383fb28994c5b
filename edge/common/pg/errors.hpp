#pragma once

#include <stdexcept>
#include <string>

namespace pg {

// A configuration or usage problem: mains turn it into exit code 2 and one line.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace pg
