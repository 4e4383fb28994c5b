#include "pg/broker_address.hpp"

#include "pg/errors.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace pg {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Host names compare without regard to case: "Hub" and "hub" are one broker.
bool same_broker(const BrokerAddress& a, const BrokerAddress& b) {
    return a.port == b.port && std::equal(a.host.begin(), a.host.end(), b.host.begin(), b.host.end(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

}  // namespace

std::optional<BrokerAddress> parse_broker(std::string_view text, int default_port) {
    BrokerAddress a;
    a.port = default_port;
    std::string_view host = text;
    std::string_view port;
    if (!text.empty() && text.front() == '[') {
        auto close = text.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = text.substr(1, close - 1);
        auto rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return std::nullopt;
            port = rest.substr(1);
        }
    } else if (auto colon = text.rfind(':'); colon != std::string_view::npos) {
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    if (host.empty()) return std::nullopt;
    // A comma or blank inside one address is a list or a typo, never a host.
    if (host.find_first_of(", \t") != std::string_view::npos) return std::nullopt;
    a.host = std::string(host);
    if (!port.empty()) {
        int p = 0;
        auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
        if (ec != std::errc() || ptr != port.data() + port.size() || p < 1 || p > 65535) return std::nullopt;
        a.port = p;
    } else if (text.find(':') != std::string_view::npos && text.front() != '[') {
        return std::nullopt;
    }
    return a;
}

std::string to_string(const BrokerAddress& b) {
    const bool v6 = b.host.find(':') != std::string::npos;
    return (v6 ? "[" + b.host + "]" : b.host) + ":" + std::to_string(b.port);
}

std::vector<BrokerAddress> parse_broker_list(std::string_view text, int default_port, std::string_view key) {
    const std::string k(key), all(text);
    if (text.find(',') == std::string_view::npos) {
        auto one = parse_broker(trim(text), default_port);
        if (!one) throw ConfigError(k + " '" + all + "' is not HOST[:PORT]");
        return {*one};
    }
    std::vector<BrokerAddress> out;
    std::size_t number = 0;
    for (std::size_t begin = 0;;) {
        const std::size_t comma = text.find(',', begin);
        const std::string_view entry = trim(text.substr(begin, comma == std::string_view::npos ? text.npos : comma - begin));
        ++number;
        if (entry.empty())
            throw ConfigError(k + " '" + all + "': entry " + std::to_string(number) + " is empty");
        auto b = parse_broker(entry, default_port);
        if (!b)
            throw ConfigError(k + " entry '" + std::string(entry) + "' (in '" + all +
                              "') is not HOST[:PORT] (port 1 to 65535, IPv6 as [::1]:1883)");
        for (const auto& seen : out)
            if (same_broker(seen, *b))
                throw ConfigError(k + " entry '" + std::string(entry) + "' (in '" + all + "') names broker " +
                                  to_string(seen) + " a second time");
        out.push_back(*b);
        if (comma == std::string_view::npos) break;
        begin = comma + 1;
    }
    return out;
}

}  // namespace pg
