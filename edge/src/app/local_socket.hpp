#pragma once

#include "control/edge_control.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

namespace pg {

// <state_dir>/control.sock: where the running pg-edge listens for the local CLI.
std::string local_socket_path(const std::string& state_dir);
// sockaddr_un's limit: a longer path cannot be bound or connected to.
bool fits_unix_socket(const std::string& path);

// The local CLI's way in (pg-edge status, pause, ...): a Unix stream socket,
// one request line per connection and one reply line back. The thread does no
// work of its own: it parses the request like an MQTT payload, puts it in the
// control's inbox with a reply slot and waits for the main loop to answer.
// The socket is mode 0660 (the service user and its group); a socket file left
// by a killed pg-edge is replaced, one still served by another pg-edge fails
// the start.
class LocalSocket {
public:
    // Throws std::runtime_error naming the path when it cannot be served.
    LocalSocket(std::string path, std::shared_ptr<CommandInbox> inbox, std::chrono::milliseconds cadence);
    ~LocalSocket();  // stops the thread and removes the socket file
    LocalSocket(const LocalSocket&) = delete;
    LocalSocket& operator=(const LocalSocket&) = delete;

    const std::string& path() const { return path_; }

private:
    void run();
    void serve(int client);

    std::string path_;
    std::shared_ptr<CommandInbox> inbox_;
    std::chrono::milliseconds reply_timeout_;
    int listen_fd_ = -1;
    int wake_fd_ = -1;  // eventfd: ends the thread
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace pg
