#pragma once

#include <chrono>
#include <string>
#include <sys/types.h>
#include <vector>

namespace pg {

// One child process and a socket to it (a Unix stream pair: a write to a child
// that died is an error value, never SIGPIPE): the child reads requests on its
// stdin and writes replies on its fd 3, both that socket; its stderr is ours
// (its log lines reach the same journal). The destructor kills and reaps it,
// so no zombie or orphan outlives the owner.
class ChildProcess {
public:
    // Starts `argv[0]` with `argv`. Throws std::runtime_error when it cannot.
    explicit ChildProcess(const std::vector<std::string>& argv);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    int fd() const { return fd_; }

    // Ends its input (it exits on end of input), waits up to `grace`, then
    // kills it. Returns how it ended, e.g. "exited 0", "killed by signal 6 (Aborted)".
    std::string stop(std::chrono::milliseconds grace);
    // Kills it at once (a hung or broken child) and says how it ended.
    std::string kill_now();

private:
    std::string reap(bool block);
    void close_socket();

    pid_t pid_ = -1;
    int fd_ = -1;
    std::string ended_;
};

}  // namespace pg
