#include "amqp/amqp_url.hpp"

#include "pg/errors.hpp"

#include "amqp/rabbitmq_headers.hpp"

#include <sstream>

namespace pg::hub {

std::string AmqpEndpoint::name() const { return host + ":" + std::to_string(port) + "/" + vhost; }

std::vector<AmqpEndpoint> parse_amqp_urls(const std::string& list) {
    std::vector<AmqpEndpoint> out;
    std::stringstream in(list);
    std::string url;
    while (std::getline(in, url, ',')) {
        const auto first = url.find_first_not_of(" \t");
        if (first == std::string::npos) continue;
        url = url.substr(first, url.find_last_not_of(" \t") - first + 1);
        // amqp_parse_url cuts the string it is given into the pieces it returns.
        std::string buffer = url;
        amqp_connection_info info{};
        if (url.rfind("amqp://", 0) != 0 || amqp_parse_url(buffer.data(), &info) != AMQP_STATUS_OK)
            throw ConfigError("AMQP URL '" + url + "' is not amqp://USER:PASSWORD@HOST:PORT/VHOST");
        if (info.ssl) throw ConfigError("AMQP URL '" + url + "': amqps:// is not supported by this build");
        AmqpEndpoint e;
        e.host = info.host;
        e.port = info.port;
        e.user = info.user;
        e.password = info.password;
        e.vhost = info.vhost;
        out.push_back(std::move(e));
    }
    if (out.empty()) throw ConfigError("no AMQP URL given");
    return out;
}

}  // namespace pg::hub
