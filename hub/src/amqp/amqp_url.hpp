#pragma once

#include <string>
#include <vector>

namespace pg::hub {

// One AMQP node: amqp://user:password@host:port/vhost.
struct AmqpEndpoint {
    std::string host;
    int port = 5672;
    std::string user, password, vhost;
    std::string name() const;  // host:port/vhost, for logs: never the password
};

// "URL[,URL...]": the nodes of one cluster, tried in turn. Throws ConfigError
// naming the URL that is wrong (amqps:// is refused: this build speaks plain
// AMQP, meant for a hub next to its broker or behind a TLS tunnel).
std::vector<AmqpEndpoint> parse_amqp_urls(const std::string& list);

}  // namespace pg::hub
