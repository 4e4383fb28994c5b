#pragma once

#include <chrono>
#include <string>
#include <variant>

namespace pg {

// Why no reply came: one line for the user.
struct LocalClientError {
    std::string message;
};

// Sends one request line to the pg-edge serving `socket_path` and returns its
// reply line. A missing socket, a stale one (pg-edge gone) and no permission
// each get their own message.
std::variant<std::string, LocalClientError> send_local_request(const std::string& socket_path,
                                                              const std::string& request,
                                                              std::chrono::milliseconds timeout);

// Something accepts connections on `socket_path` (a running pg-edge).
bool local_edge_listening(const std::string& socket_path);

}  // namespace pg
