#include "source/worker/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace pg {
namespace {

std::string exit_text(int status) {
    if (WIFEXITED(status)) return "exited " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
    }
    return "ended (status " + std::to_string(status) + ")";
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv) {
    int sv[2];
    // CLOEXEC: only the end dup2'ed below reaches the child, and no other
    // child of this process inherits either.
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
    posix_spawn_file_actions_adddup2(&fa, sv[1], 3);
    // Signals are the parent's business (its main loop handles them); the
    // child starts with none blocked and the default actions.
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int s : {SIGPIPE, SIGCHLD}) sigaddset(&defaults, s);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int rc = posix_spawn(&pid_, args[0], &fa, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    ::close(sv[1]);
    fd_ = sv[0];
    if (rc != 0) {
        close_socket();
        pid_ = -1;
        throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    }
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) kill_now();
    close_socket();
}

void ChildProcess::close_socket() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

std::string ChildProcess::reap(bool block) {
    if (pid_ <= 0) return ended_;
    int status = 0;
    pid_t r;
    do r = waitpid(pid_, &status, block ? 0 : WNOHANG);
    while (r < 0 && errno == EINTR);
    if (r == pid_) {
        pid_ = -1;
        ended_ = exit_text(status);
    } else if (r < 0) {
        pid_ = -1;
        ended_ = std::string("lost (") + std::strerror(errno) + ")";
    }
    return ended_;
}

std::string ChildProcess::stop(std::chrono::milliseconds grace) {
    if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
    const auto until = std::chrono::steady_clock::now() + grace;
    while (pid_ > 0 && std::chrono::steady_clock::now() < until) {
        reap(false);
        if (pid_ > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pid_ > 0 ? kill_now() : ended_;
}

std::string ChildProcess::kill_now() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        reap(true);
    }
    close_socket();
    return ended_;
}

}  // namespace pg
