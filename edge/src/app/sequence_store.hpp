#pragma once

#include <cstdint>
#include <filesystem>

namespace pg {

// The persistent (stream, next seq) pair that lets the hub store each batch once.
// A fresh state directory starts a new random stream, so a reset device never
// reuses sequence numbers the hub has already seen.
class SequenceStore {
public:
    explicit SequenceStore(std::filesystem::path state_dir);

    std::uint32_t stream() const { return stream_; }
    // Reserves the next number and persists the one after it before returning,
    // so a crash can skip a number but never repeat one.
    std::uint64_t take();

private:
    void save() const;

    std::filesystem::path file_;
    std::uint32_t stream_ = 0;
    std::uint64_t next_ = 1;
};

// Writes `data` to `path` via a temporary file, fsync and rename: readers see the
// old or the new content, never a torn one. Throws std::system_error.
void write_file_atomically(const std::filesystem::path& path, const std::string& data);

}  // namespace pg
