#pragma once

#include "pg/exit_codes.hpp"

// GCC 12 reports a false "potential null pointer dereference" inside CLI11's
// inlined string helpers at -O2; the warning stays on for our own code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include <optional>

namespace pg {

// Parses the command line. Returns nullopt to go on, or the code to exit with:
// 0 after --help/--version, 2 (usage) for any parse error, whatever CLI11's own
// numbering, so every binary keeps the documented exit codes.
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? exit_code::ok : exit_code::usage;
    }
    return std::nullopt;
}

}  // namespace pg
