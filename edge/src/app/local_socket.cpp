#include "app/local_socket.hpp"

#include "pg/log.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <future>
#include <stdexcept>

namespace pg {
namespace {

constexpr auto kReadTimeout = std::chrono::seconds(2);

sockaddr_un address(const std::string& path) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
    return a;
}

std::string why(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

// A socket file someone still answers on.
bool served(const std::string& path) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    auto a = address(path);
    bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return up;
}

void write_all(int fd, const std::string& s) {
    std::size_t off = 0;
    while (off < s.size()) {
        ssize_t n = ::send(fd, s.data() + off, s.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the client went away: nothing to tell it
        off += static_cast<std::size_t>(n);
    }
}

}  // namespace

std::string local_socket_path(const std::string& state_dir) { return state_dir + "/control.sock"; }

bool fits_unix_socket(const std::string& path) { return path.size() < sizeof(sockaddr_un::sun_path); }

LocalSocket::LocalSocket(std::string path, std::shared_ptr<CommandInbox> inbox, std::chrono::milliseconds cadence)
    : path_(std::move(path)), inbox_(std::move(inbox)),
      // The main loop answers at its next tick: allow a few of them.
      reply_timeout_(std::max<std::chrono::milliseconds>(std::chrono::seconds(10), cadence * 3)) {
    if (!fits_unix_socket(path_)) throw std::runtime_error("local control socket path too long: " + path_);
    struct stat st {};
    if (::lstat(path_.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) throw std::runtime_error(path_ + " exists and is not a socket; remove it");
        if (served(path_)) throw std::runtime_error("another pg-edge is running with this state directory (" + path_ + ")");
        ::unlink(path_.c_str());  // left by a pg-edge that was killed
    }
    listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw std::runtime_error(why("cannot create a socket for", path_));
    auto a = address(path_);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::chmod(path_.c_str(), 0660) != 0 ||
        ::listen(listen_fd_, 4) != 0) {
        std::string e = why("cannot serve", path_);
        ::close(listen_fd_);
        ::unlink(path_.c_str());
        throw std::runtime_error(e);
    }
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC);
    if (wake_fd_ < 0) {
        ::close(listen_fd_);
        ::unlink(path_.c_str());
        throw std::runtime_error(why("cannot create an eventfd for", path_));
    }
    thread_ = std::thread([this] { run(); });
    log::info("control", "local commands on ", path_);
}

LocalSocket::~LocalSocket() {
    stopping_ = true;
    std::uint64_t one = 1;
    (void)!::write(wake_fd_, &one, sizeof one);
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
    ::close(wake_fd_);
    ::unlink(path_.c_str());
}

void LocalSocket::run() {
    while (!stopping_) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            log::error("control", why("poll failed on", path_));
            return;
        }
        if (fds[1].revents) return;
        if (!(fds[0].revents & POLLIN)) continue;
        int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        serve(client);
        ::close(client);
    }
}

void LocalSocket::serve(int client) {
    timeval tv{static_cast<time_t>(kReadTimeout.count()), 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    // One line (or everything up to the client's shutdown), bounded: a longer
    // one is refused by the parser, as over MQTT.
    std::string request;
    char buf[512];
    while (request.size() <= kMaxCommandBytes && request.find('\n') == std::string::npos) {
        ssize_t n = ::recv(client, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        request.append(buf, static_cast<std::size_t>(n));
    }
    if (auto nl = request.find('\n'); nl != std::string::npos) request.resize(nl);
    if (request.size() > kMaxCommandBytes) {  // the rest was never read: its size is unknown
        write_all(client, format_command_result(nullptr, std::nullopt, false,
                                                "command too large (more than " + std::to_string(kMaxCommandBytes) +
                                                    " bytes)") + "\n");
        return;
    }

    ParsedCommand p = parse_command(request);
    if (p.command) p.command->origin = CommandOrigin::local;
    auto slot = std::make_shared<std::promise<std::string>>();
    auto answer = slot->get_future();
    p.reply = [slot](const std::string& result) { slot->set_value(result); };
    std::string reply;
    if (!inbox_->push(std::move(p))) {
        reply = format_command_result(nullptr, std::nullopt, false, "pg-edge is busy (command queue full); try again");
    } else {
        // Waits for the main loop, but never past a stop.
        const auto deadline = std::chrono::steady_clock::now() + reply_timeout_;
        while (!stopping_ && std::chrono::steady_clock::now() < deadline &&
               answer.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready) {
        }
        if (answer.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
            try {
                reply = answer.get();
            } catch (const std::future_error&) {
                reply = format_command_result(nullptr, std::nullopt, false, "pg-edge is stopping");
            }
        } else {
            reply = format_command_result(nullptr, std::nullopt, false,
                                          stopping_ ? "pg-edge is stopping" : "pg-edge did not answer in time");
        }
    }
    write_all(client, reply + "\n");
}

}  // namespace pg
