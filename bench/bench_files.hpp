#pragma once

#include <filesystem>
#include <string>

namespace pg::bench {

// A database path in /tmp/pg-hub-bench with any earlier file and its WAL removed,
// so every run starts from an empty database.
inline std::filesystem::path fresh_db_file(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / "pg-hub-bench";
    std::filesystem::create_directories(dir);
    const auto f = dir / name;
    for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(f.string() + ext);
    return f;
}

}  // namespace pg::bench
