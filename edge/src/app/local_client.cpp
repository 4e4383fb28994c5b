#include "app/local_client.hpp"

#include "app/local_socket.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace pg {
namespace {

// Closes the socket on every way out.
struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

bool local_edge_listening(const std::string& path) {
    if (!fits_unix_socket(path)) return false;
    Fd s{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
    if (s.fd < 0) return false;
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
    return ::connect(s.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
}

std::variant<std::string, LocalClientError> send_local_request(const std::string& path, const std::string& request,
                                                              std::chrono::milliseconds timeout) {
    if (!fits_unix_socket(path)) return LocalClientError{"socket path too long: " + path};
    Fd s{::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)};
    if (s.fd < 0) return LocalClientError{std::string("cannot create a socket: ") + std::strerror(errno)};
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
    if (::connect(s.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        const int e = errno;
        if (e == ENOENT) return LocalClientError{"pg-edge is not running (no socket at " + path + ")"};
        if (e == ECONNREFUSED) return LocalClientError{"pg-edge is not running (stale socket at " + path + ")"};
        if (e == EACCES || e == EPERM)
            return LocalClientError{"no permission to use " + path +
                                    " (run as root or the service user, or join the group 'postureguard')"};
        return LocalClientError{"cannot connect to " + path + ": " + std::strerror(e)};
    }
    const std::string line = request + "\n";
    if (::send(s.fd, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size()))
        return LocalClientError{"cannot send to " + path + ": " + std::strerror(errno)};
    ::shutdown(s.fd, SHUT_WR);

    std::string reply;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    char buf[4096];
    while (reply.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return LocalClientError{"pg-edge did not answer within " + std::to_string(timeout.count() / 1000) + " s"};
        pollfd p{s.fd, POLLIN, 0};
        int r = ::poll(&p, 1, static_cast<int>(left.count()));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) continue;
        ssize_t n = ::recv(s.fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        reply.append(buf, static_cast<std::size_t>(n));
        if (reply.size() > (1u << 20)) return LocalClientError{"reply from " + path + " too large"};
    }
    if (auto nl = reply.find('\n'); nl != std::string::npos) reply.resize(nl);
    if (reply.empty()) return LocalClientError{"pg-edge closed " + path + " without an answer"};
    return reply;
}

}  // namespace pg
