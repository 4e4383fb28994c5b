#pragma once

// The exit codes every Posture Guard binary shares (DESIGN.md, command-line contract).
namespace pg::exit_code {
inline constexpr int ok = 0;
inline constexpr int failure = 1;  // runtime failure
inline constexpr int usage = 2;    // usage or configuration error
inline constexpr int no_data = 3;  // report: nothing in the requested range
}  // namespace pg::exit_code
