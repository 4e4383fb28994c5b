#include "pg/sd_notify.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>

namespace pg::sd {
namespace {

// Owns the short-lived datagram socket; closing on every path is the only reason
// it exists, so it is neither copyable nor movable.
class DatagramSocket {
public:
    DatagramSocket() : fd_(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {}
    ~DatagramSocket() {
        if (fd_ >= 0) ::close(fd_);
    }
    DatagramSocket(const DatagramSocket&) = delete;
    DatagramSocket& operator=(const DatagramSocket&) = delete;
    [[nodiscard]] int fd() const { return fd_; }

private:
    int fd_;
};

std::optional<unsigned long long> env_number(const char* name) {
    const char* s = std::getenv(name);
    if (!s || !*s) return std::nullopt;
    unsigned long long v = 0;
    const char* end = s + std::strlen(s);
    auto [p, ec] = std::from_chars(s, end, v);
    if (ec != std::errc{} || p != end) return std::nullopt;
    return v;
}

}  // namespace

bool notify_to(std::string_view socket_path, std::string_view state) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    // Abstract sockets ('@name') have no terminating NUL: their length is exact.
    if (socket_path.size() < 2 || socket_path.size() >= sizeof(addr.sun_path)) return false;
    if (socket_path[0] != '/' && socket_path[0] != '@') return false;
    std::memcpy(addr.sun_path, socket_path.data(), socket_path.size());
    socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_path.size());
    if (socket_path[0] == '@')
        addr.sun_path[0] = '\0';
    else
        len += 1;

    DatagramSocket sock;
    if (sock.fd() < 0) return false;
    const ssize_t sent = ::sendto(sock.fd(), state.data(), state.size(), MSG_NOSIGNAL,
                                  reinterpret_cast<const sockaddr*>(&addr), len);
    return sent == static_cast<ssize_t>(state.size());
}

bool notify(std::string_view state) {
    const char* path = std::getenv("NOTIFY_SOCKET");
    if (!path || !*path) return false;
    return notify_to(path, state);
}

bool notify_ready() { return notify("READY=1"); }
bool notify_watchdog() { return notify("WATCHDOG=1"); }
bool notify_stopping() { return notify("STOPPING=1"); }

bool notify_status(std::string_view text) {
    std::string msg = "STATUS=";
    // One line only: a newline would start another KEY=VALUE assignment.
    for (char c : text) msg += (c == '\n' ? ' ' : c);
    return notify(msg);
}

std::optional<std::chrono::microseconds> watchdog_timeout() {
    const auto usec = env_number("WATCHDOG_USEC");
    if (!usec || *usec == 0) return std::nullopt;
    // A forked child inherits the environment; only the PID systemd named pings.
    if (const char* pid = std::getenv("WATCHDOG_PID"); pid && *pid) {
        const auto p = env_number("WATCHDOG_PID");
        if (!p || *p != static_cast<unsigned long long>(::getpid())) return std::nullopt;
    }
    return std::chrono::microseconds(static_cast<std::chrono::microseconds::rep>(*usec));
}

std::optional<std::chrono::microseconds> watchdog_ping_interval() {
    const auto t = watchdog_timeout();
    if (!t) return std::nullopt;
    return *t / 2;
}

}  // namespace pg::sd
