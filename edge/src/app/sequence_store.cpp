#include "app/sequence_store.hpp"

#include "pg/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <system_error>

namespace pg {
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// Closes the descriptor on every path out.
struct FdCloser {
    int fd;
    ~FdCloser() {
        if (fd >= 0) ::close(fd);
    }
};

// The stream id: decimal digits and a newline, nothing else. A file torn,
// truncated or zero-filled (some file systems after a power cut) reads as none.
std::optional<std::uint32_t> read_stream(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string text(12, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
    if (text.size() < 2 || text.size() > 11 || text.back() != '\n') return std::nullopt;
    text.pop_back();
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    const std::uint64_t v = std::stoull(text);
    if (v == 0 || v > 0xffffffffULL) return std::nullopt;
    return static_cast<std::uint32_t>(v);
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, const std::string& data) {
    auto tmp = path;
    tmp += ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw_errno("cannot write " + tmp.string());
    FdCloser closer{fd};
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_errno("cannot write " + tmp.string());
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) throw_errno("cannot sync " + tmp.string());
    if (::rename(tmp.c_str(), path.c_str()) != 0) throw_errno("cannot replace " + path.string());
    // The rename is durable only once the directory entry is.
    int dfd = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

SequenceStore::SequenceStore(std::filesystem::path state_dir, std::uint64_t first_seq, bool numbering_known)
    : next_(std::max<std::uint64_t>(first_seq, 1)) {
    const auto file = state_dir / "stream";
    std::error_code ec;
    const bool exists = std::filesystem::exists(file, ec);
    if (auto stream = read_stream(file); stream && numbering_known) {
        stream_ = *stream;
        return;
    }
    if (exists && !numbering_known)
        log::warn("edge", "the outbox cannot vouch for the numbering of stream ", read_stream(file).value_or(0),
                  ": starting a new sequence stream");
    else if (exists)
        log::warn("edge", file.string(), " is unreadable; starting a new sequence stream");
    std::random_device rd;
    std::uniform_int_distribution<std::uint32_t> dist(1, 0xffffffffU);
    do stream_ = dist(rd);
    while (stream_ == read_stream(file));
    // Numbering continues: the outbox may still hold batches of the old stream
    // under lower numbers, and the hub counts gaps within a stream only.
    write_file_atomically(file, std::to_string(stream_) + "\n");
}

}  // namespace pg
