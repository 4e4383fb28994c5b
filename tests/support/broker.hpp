#pragma once

#include "process.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pg::test {

// Debian's mosquitto on free loopback ports with its own config, for tests.
class Broker {
public:
    // Writes the complete config for the listener ports given; the first port is
    // the plain listener on 127.0.0.1 that address() names.
    using ConfigMaker = std::function<std::string(const std::vector<int>& ports)>;

    // `extra` is appended to the generated config (auth, ACLs, TLS listeners ...).
    // Without `anonymous`, clients must log in (password_file in `extra`).
    explicit Broker(std::string dir, std::string extra = {}, bool anonymous = true);
    // A config of the caller's (a shipped file with test ports and paths) with
    // `listeners` ports, all of them open once this returns.
    static std::unique_ptr<Broker> with_config(std::string dir, int listeners, ConfigMaker config);
    ~Broker();

    int port() const { return ports_.front(); }
    const std::vector<int>& ports() const { return ports_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port()); }
    // Starts again on the same ports (clients know them); throws if one is taken.
    void start();
    void stop();  // SIGTERM and wait
    void kill9();
    void pause();   // SIGSTOP: the sockets stay open, nothing answers (a hung host)
    void resume();  // SIGCONT
    bool running() const { return proc_ != nullptr; }

private:
    Broker(std::string dir, int listeners, ConfigMaker config);
    // One attempt on the current ports: false if mosquitto could not bind one.
    bool try_start();

    std::string dir_;
    ConfigMaker config_;
    std::vector<int> ports_;
    std::unique_ptr<ChildProcess> proc_;
};

// A loopback port nothing listens on, outside the kernel's ephemeral range: the
// outgoing connections of other tests (which take ephemeral ports) can never
// occupy it between the choice and the broker's bind.
int free_loopback_port();
bool wait_for_port(int port, std::chrono::milliseconds timeout);
// Skips the calling test (GTEST_SKIP) if mosquitto is not installed.
bool have_mosquitto();

}  // namespace pg::test
