#include "source/worker/worker_protocol.hpp"

#include <algorithm>
#include <cerrno>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pg::worker {

const char* to_string(Io io) {
    switch (io) {
    case Io::ok: return "ok";
    case Io::eof: return "closed its socket";
    case Io::timeout: return "did not answer in time";
    case Io::error: return "socket error";
    }
    return "?";
}

Io read_exact(int fd, void* buf, std::size_t n, Deadline deadline) {
    auto* p = static_cast<unsigned char*>(buf);
    while (n > 0) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return Io::timeout;
        pollfd pfd{fd, POLLIN, 0};
        // In slices, so a far deadline (none) never overflows poll's int.
        int r = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left.count(), 60'000)));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return Io::error;
        if (r == 0) continue;  // the deadline is checked at the top
        ssize_t got = ::read(fd, p, n);
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (got < 0) return Io::error;
        if (got == 0) return Io::eof;
        p += got;
        n -= static_cast<std::size_t>(got);
    }
    return Io::ok;
}

bool write_all(int fd, const void* buf, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(buf);
    while (n > 0) {
        // send() with MSG_NOSIGNAL: a peer that is gone is an error, not SIGPIPE.
        ssize_t put = ::send(fd, p, n, MSG_NOSIGNAL);
        if (put < 0 && errno == EINTR) continue;
        if (put <= 0) return false;
        p += put;
        n -= static_cast<std::size_t>(put);
    }
    return true;
}

}  // namespace pg::worker
