#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pg {

// "host:port" or "host" (default port 1883, 8883 with TLS); "[::1]:1883" for IPv6.
struct BrokerAddress {
    std::string host = "127.0.0.1";
    int port = 1883;
    friend bool operator==(const BrokerAddress&, const BrokerAddress&) = default;
};

std::optional<BrokerAddress> parse_broker(std::string_view text, int default_port = 1883);
// "host:port", an IPv6 host in brackets: what parse_broker reads back.
std::string to_string(const BrokerAddress& broker);

// A comma-separated list of brokers ("h1:1883,h2:1883,[::1]:1883"), blanks
// around entries allowed; one entry is the single broker of old. Throws
// ConfigError naming `key` and the entry: an empty entry, a bad host or port,
// the same broker twice.
std::vector<BrokerAddress> parse_broker_list(std::string_view text, int default_port, std::string_view key);

}  // namespace pg
