#pragma once

#include "process.hpp"

#include <memory>
#include <string>

namespace pg::test {

// Debian's mosquitto on a free loopback port with its own config, for tests.
class Broker {
public:
    // `extra` is appended to the generated config (auth, ACLs, TLS listeners ...).
    // Without `anonymous`, clients must log in (password_file in `extra`).
    explicit Broker(std::string dir, std::string extra = {}, int port = 0, bool anonymous = true);
    // A complete config written as given (a shipped file with test ports and
    // paths); `port` is its plain listener on 127.0.0.1.
    static std::unique_ptr<Broker> with_config(std::string dir, std::string config, int port);
    ~Broker();

    int port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    void start();
    void stop();  // SIGTERM and wait
    void kill9();
    bool running() const { return proc_ != nullptr; }

private:
    struct FullConfig {};
    Broker(std::string dir, std::string config, int port, FullConfig);

    std::string dir_;
    std::string extra_;
    std::string config_;  // when set, used instead of the generated config
    int port_;
    bool anonymous_;
    std::unique_ptr<ChildProcess> proc_;
};

int free_loopback_port();
bool wait_for_port(int port, std::chrono::milliseconds timeout);
// Skips the calling test (GTEST_SKIP) if mosquitto is not installed.
bool have_mosquitto();

}  // namespace pg::test
