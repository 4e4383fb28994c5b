#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace pg::test {

// A child process the test owns: killed (SIGKILL) if still running when dropped,
// so a failing test never leaves brokers or hubs behind.
class ChildProcess {
public:
    // stdout and stderr go to `log_file` (appended) when given; `env` ("NAME=value")
    // is added to this process's environment for the child.
    ChildProcess(std::vector<std::string> argv, std::string log_file = {}, std::vector<std::string> env = {});
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    bool running();
    void signal(int sig);
    // Exit code, or 128+signal; nullopt on timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout);

private:
    pid_t pid_ = -1;
    std::optional<int> status_;
};

struct CommandResult {
    int exit_code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Runs a command to completion (killed after `timeout`) and captures its output.
CommandResult run_command(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(120));

std::string read_file(const std::string& path);
// A fresh directory under $TMPDIR, removed by the caller's TempDir.
struct TempDir {
    TempDir();
    ~TempDir();
    std::string path;
};

}  // namespace pg::test
