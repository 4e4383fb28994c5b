#include "broker.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace pg::test {

int free_loopback_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot find a free port");
    }
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

bool wait_for_port(int port, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(static_cast<uint16_t>(port));
        bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        ::close(fd);
        if (ok) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

bool have_mosquitto() { return std::filesystem::exists("/usr/sbin/mosquitto"); }

Broker::Broker(std::string dir, std::string extra, int port, bool anonymous)
    : dir_(std::move(dir)), extra_(std::move(extra)), port_(port ? port : free_loopback_port()), anonymous_(anonymous) {
    start();
}

Broker::Broker(std::string dir, std::string config, int port, FullConfig)
    : dir_(std::move(dir)), config_(std::move(config)), port_(port), anonymous_(false) {
    start();
}

std::unique_ptr<Broker> Broker::with_config(std::string dir, std::string config, int port) {
    return std::unique_ptr<Broker>(new Broker(std::move(dir), std::move(config), port, FullConfig{}));
}

Broker::~Broker() { stop(); }

void Broker::start() {
    if (proc_) return;
    std::filesystem::create_directories(dir_);
    // mosquitto started as root runs as the 'mosquitto' user: let it write here.
    ::chmod(dir_.c_str(), 0777);
    std::string conf = dir_ + "/mosquitto.conf";
    std::ofstream f(conf);
    if (!config_.empty()) f << config_ << "\n";
    else f << "listener " << port_ << " 127.0.0.1\n"
      << "allow_anonymous " << (anonymous_ ? "true" : "false") << "\n"
      << "persistence true\n"
      << "persistence_location " << dir_ << "/\n"
      << "autosave_interval 1\n"
      // The default of 1000 silently drops QoS 1 messages for a slow subscriber.
      << "max_queued_messages 1000000\n"
      << "max_inflight_messages 100\n"
      << "log_dest file " << dir_ << "/mosquitto.log\n"
      << "log_type error\nlog_type warning\nlog_type notice\n"
      << extra_ << "\n";
    f.close();
    proc_ = std::make_unique<ChildProcess>(std::vector<std::string>{"/usr/sbin/mosquitto", "-c", conf},
                                          dir_ + "/mosquitto.out");
    if (!wait_for_port(port_, std::chrono::seconds(10)))
        throw std::runtime_error("mosquitto did not start on port " + std::to_string(port_) + " (see " + dir_ + ")");
}

void Broker::stop() {
    if (!proc_) return;
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

}  // namespace pg::test
