#pragma once

#include <cstdint>
#include <filesystem>

namespace pg {

// The (stream, seq) numbering that lets the hub store each batch exactly once.
// The stream id lives in `<state_dir>/stream`, chosen at random when the state
// directory is new, so a reset device never reuses numbers the hub has seen.
// Sequence numbers continue from `first_seq`, which the outbox recovers from
// the batches it holds: no file write per batch. When the outbox cannot vouch
// for its numbering (`numbering_known` false: it is new, or damage may have
// hidden higher numbers) the stream changes, so no (stream, seq) the hub may
// already hold is ever used again.
class SequenceStore {
public:
    SequenceStore(std::filesystem::path state_dir, std::uint64_t first_seq, bool numbering_known = true);

    std::uint32_t stream() const { return stream_; }
    std::uint64_t take() { return next_++; }
    std::uint64_t peek() const { return next_; }

private:
    std::uint32_t stream_ = 0;
    std::uint64_t next_ = 1;
};

// Writes `data` to `path` via a temporary file, fsync and rename: readers see the
// old or the new content, never a torn one. Throws std::system_error.
void write_file_atomically(const std::filesystem::path& path, const std::string& data);

}  // namespace pg
