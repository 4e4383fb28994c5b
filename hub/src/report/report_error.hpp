#pragma once

#include <stdexcept>
#include <string>

namespace pg::hub {

// A report that cannot be produced, with the exit code the CLI contract gives it
// (pg::exit_code: usage 2, no data 3, failure 1).
class ReportError : public std::runtime_error {
public:
    ReportError(int exit_code, const std::string& message) : std::runtime_error(message), exit_code_(exit_code) {}
    int exit_code() const { return exit_code_; }

private:
    int exit_code_;
};

}  // namespace pg::hub
