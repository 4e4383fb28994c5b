#include "pg/sd_notify.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

namespace {

// A stand-in for systemd's notification socket: bound, non-blocking reads.
class FakeNotifySocket {
public:
    // `name` starting with '@' binds in the abstract namespace, as systemd does.
    explicit FakeNotifySocket(const std::string& name) : fd_(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)), name_(name) {
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::memcpy(addr.sun_path, name.data(), name.size());
        socklen_t len = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size());
        if (name[0] == '@') addr.sun_path[0] = '\0';
        else len += 1;
        bound_ = fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) == 0;
    }
    ~FakeNotifySocket() {
        if (fd_ >= 0) ::close(fd_);
        if (name_[0] == '/') ::unlink(name_.c_str());
    }
    FakeNotifySocket(const FakeNotifySocket&) = delete;
    FakeNotifySocket& operator=(const FakeNotifySocket&) = delete;

    [[nodiscard]] bool bound() const { return bound_; }
    std::string receive() {
        char buf[512];
        const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
        return n < 0 ? std::string("<nothing>") : std::string(buf, static_cast<size_t>(n));
    }

private:
    int fd_;
    std::string name_;
    bool bound_ = false;
};

// Restores the variables the tests touch, whatever they set.
class SdNotify : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* v : {"NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"}) ::unsetenv(v);
    }
    void TearDown() override { SetUp(); }
};

std::string unique_name(const char* tag) {
    return std::string(tag) + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
}

}  // namespace

TEST_F(SdNotify, NoSocketMeansNoOp) {
    EXPECT_FALSE(pg::sd::notify_ready());
    EXPECT_FALSE(pg::sd::notify_watchdog());
    ::setenv("NOTIFY_SOCKET", "", 1);
    EXPECT_FALSE(pg::sd::notify_ready());
}

TEST_F(SdNotify, SendsToFilesystemSocket) {
    const auto path = (std::filesystem::temp_directory_path() / unique_name("pg-sdn-")).string();
    FakeNotifySocket sock(path);
    ASSERT_TRUE(sock.bound());
    ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
    EXPECT_TRUE(pg::sd::notify_ready());
    EXPECT_EQ(sock.receive(), "READY=1");
    EXPECT_TRUE(pg::sd::notify_watchdog());
    EXPECT_EQ(sock.receive(), "WATCHDOG=1");
    EXPECT_TRUE(pg::sd::notify_stopping());
    EXPECT_EQ(sock.receive(), "STOPPING=1");
}

TEST_F(SdNotify, SendsToAbstractSocket) {
    const auto name = "@" + unique_name("pg-sdn-");
    FakeNotifySocket sock(name);
    ASSERT_TRUE(sock.bound());
    ::setenv("NOTIFY_SOCKET", name.c_str(), 1);
    EXPECT_TRUE(pg::sd::notify_status("analysing\nat 1.7 fps"));
    EXPECT_EQ(sock.receive(), "STATUS=analysing at 1.7 fps");
}

TEST_F(SdNotify, RejectsUnusablePaths) {
    EXPECT_FALSE(pg::sd::notify_to("relative/path", "READY=1"));
    EXPECT_FALSE(pg::sd::notify_to("@", "READY=1"));
    EXPECT_FALSE(pg::sd::notify_to("/" + std::string(200, 'x'), "READY=1"));
    // Nobody listening: a lost notification is a value, not an exception.
    EXPECT_FALSE(pg::sd::notify_to("/nonexistent/pg-notify", "READY=1"));
}

TEST_F(SdNotify, WatchdogFromEnvironment) {
    EXPECT_FALSE(pg::sd::watchdog_timeout());
    ::setenv("WATCHDOG_USEC", "30000000", 1);
    ASSERT_TRUE(pg::sd::watchdog_timeout());
    EXPECT_EQ(*pg::sd::watchdog_timeout(), std::chrono::seconds(30));
    EXPECT_EQ(*pg::sd::watchdog_ping_interval(), std::chrono::seconds(15));

    ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
    EXPECT_TRUE(pg::sd::watchdog_timeout());
    ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
    EXPECT_FALSE(pg::sd::watchdog_timeout()) << "meant for another process";

    ::unsetenv("WATCHDOG_PID");
    for (const char* bad : {"0", "abc", "12x", "-5"}) {
        ::setenv("WATCHDOG_USEC", bad, 1);
        EXPECT_FALSE(pg::sd::watchdog_timeout()) << bad;
    }
}
