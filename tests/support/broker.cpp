#include "broker.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace pg::test {
namespace {

sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    return a;
}

// Binds as mosquitto does (SO_REUSEADDR): true if a listener could take the port now.
bool bindable(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a = loopback(port);
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::listen(fd, 1) == 0;
    ::close(fd);
    return ok;
}

// Ports the kernel never hands out on its own: below its ephemeral range, or
// above it when the range starts too low.
std::pair<int, int> non_ephemeral_range() {
    int lo = 32768, hi = 60999;
    std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> lo >> hi;
    if (lo > 12000) return {10000, lo - 1};
    if (hi < 64000) return {hi + 1, 65535};
    throw std::runtime_error("the ephemeral port range leaves no room for test brokers");
}

}  // namespace

int free_loopback_port() {
    static std::mt19937 rng{std::random_device{}()};
    const auto [lo, hi] = non_ephemeral_range();
    std::uniform_int_distribution<int> pick(lo, hi);
    for (int attempt = 0; attempt < 500; ++attempt) {
        const int port = pick(rng);
        if (bindable(port)) return port;
    }
    throw std::runtime_error("cannot find a free loopback port");
}

bool wait_for_port(int port, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a = loopback(port);
        bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        ::close(fd);
        if (ok) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

bool have_mosquitto() { return std::filesystem::exists("/usr/sbin/mosquitto"); }

Broker::Broker(std::string dir, std::string extra, bool anonymous)
    : Broker(dir, 1, [d = dir, extra = std::move(extra), anonymous](const std::vector<int>& ports) {
          std::ostringstream f;
          f << "listener " << ports[0] << " 127.0.0.1\n"
            << "allow_anonymous " << (anonymous ? "true" : "false") << "\n"
            << "persistence true\n"
            << "persistence_location " << d << "/\n"
            << "autosave_interval 1\n"
            // The default of 1000 silently drops QoS 1 messages for a slow subscriber.
            << "max_queued_messages 1000000\n"
            << "max_inflight_messages 100\n"
            << "log_dest file " << d << "/mosquitto.log\n"
            << "log_type error\nlog_type warning\nlog_type notice\n"
            << extra << "\n";
          return f.str();
      }) {}

Broker::Broker(std::string dir, int listeners, ConfigMaker config) : dir_(std::move(dir)), config_(std::move(config)) {
    // Another test may bind a port between our check and mosquitto's bind: then
    // choose new ones (nobody knows these ports yet).
    for (int attempt = 0; attempt < 5; ++attempt) {
        ports_.clear();
        while (static_cast<int>(ports_.size()) < listeners) {
            const int p = free_loopback_port();
            if (std::find(ports_.begin(), ports_.end(), p) == ports_.end()) ports_.push_back(p);
        }
        if (try_start()) return;
    }
    throw std::runtime_error("mosquitto found its ports taken five times (see " + dir_ + ")");
}

std::unique_ptr<Broker> Broker::with_config(std::string dir, int listeners, ConfigMaker config) {
    return std::unique_ptr<Broker>(new Broker(std::move(dir), listeners, std::move(config)));
}

Broker::~Broker() { stop(); }

bool Broker::try_start() {
    std::filesystem::create_directories(dir_);
    // mosquitto started as root runs as the 'mosquitto' user: let it write here.
    ::chmod(dir_.c_str(), 0777);
    const std::string conf = dir_ + "/mosquitto.conf", out = dir_ + "/mosquitto.out";
    std::ofstream(conf) << config_(ports_) << "\n";
    proc_ = std::make_unique<ChildProcess>(std::vector<std::string>{"/usr/sbin/mosquitto", "-c", conf}, out);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (int port : ports_) {
        while (!wait_for_port(port, std::chrono::milliseconds(100))) {
            if (!proc_->running()) {
                proc_.reset();
                const std::string said = read_file(out) + read_file(dir_ + "/mosquitto.log");
                if (said.find("Address already in use") != std::string::npos) return false;
                throw std::runtime_error("mosquitto exited at start (see " + dir_ + "): " + said);
            }
            if (std::chrono::steady_clock::now() > deadline)
                throw std::runtime_error("mosquitto did not open port " + std::to_string(port) + " (see " + dir_ + ")");
        }
    }
    return true;
}

void Broker::start() {
    if (proc_) return;
    if (!try_start())
        throw std::runtime_error("mosquitto cannot restart: one of its ports was taken meanwhile (see " + dir_ + ")");
}

void Broker::stop() {
    if (!proc_) return;
    resume();  // a stopped process would not act on SIGTERM
    proc_->signal(SIGTERM);
    proc_->wait(std::chrono::seconds(10));
    proc_.reset();
}

void Broker::kill9() {
    if (!proc_) return;
    proc_->signal(SIGKILL);
    proc_->wait(std::chrono::seconds(10));
    proc_.reset();
}

void Broker::pause() {
    if (proc_) proc_->signal(SIGSTOP);
}

void Broker::resume() {
    if (proc_) proc_->signal(SIGCONT);
}

}  // namespace pg::test
