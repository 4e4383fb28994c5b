#include "postgres_server.hpp"

#include "broker.hpp"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace pg::test {
namespace {

namespace fs = std::filesystem;

// Debian's server binaries, the newest version installed (15 on Debian 12).
const std::string& server_bin() {
    static const std::string bin = [] {
        std::string best;
        int best_version = 0;
        std::error_code ec;
        for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec)) {
            const int v = std::atoi(e.path().filename().c_str());
            if (v > best_version && ::access((e.path() / "bin/initdb").c_str(), X_OK) == 0) {
                best_version = v;
                best = (e.path() / "bin").string() + "/";
            }
        }
        return best.empty() ? std::string("/usr/lib/postgresql/15/bin/") : best;
    }();
    return bin;
}

// postgres will not run as root; tests on CI do, so the server runs as nobody.
std::vector<std::string> as_server_user(std::vector<std::string> argv) {
    if (::geteuid() != 0) return argv;
    argv.insert(argv.begin(), {"setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"});
    return argv;
}

void give_to_server_user(const fs::path& p) {
    if (::geteuid() != 0) return;
    const passwd* pw = ::getpwnam("nobody");
    if (!pw) throw std::runtime_error("no user 'nobody' to run postgres as");
    if (::chown(p.c_str(), pw->pw_uid, pw->pw_gid) != 0) throw std::runtime_error("cannot chown " + p.string());
}

// initdb takes seconds: one cluster is made per machine and copied for each server.
fs::path template_cluster() {
    const std::string version = fs::path(server_bin()).parent_path().parent_path().filename().string();
    const fs::path tmpl =
        fs::temp_directory_path() / ("pg-test-cluster-" + version + "-" + std::to_string(::geteuid()));
    if (fs::exists(tmpl / "PG_VERSION")) return tmpl;
    const fs::path work = tmpl.string() + ".tmp" + std::to_string(::getpid());
    fs::remove_all(work);
    fs::create_directories(work);
    give_to_server_user(work);
    const auto r = run_command(as_server_user({server_bin() + "initdb", "-D", (work / "data").string(), "-U", "postgres",
                                               "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"}),
                               std::chrono::seconds(120));
    if (r.exit_code != 0) {
        fs::remove_all(work);
        throw std::runtime_error("initdb failed: " + r.out + r.err);
    }
    std::error_code ec;
    fs::rename(work / "data", tmpl, ec);  // another test process may have won the race: fine
    fs::remove_all(work);
    if (!fs::exists(tmpl / "PG_VERSION")) throw std::runtime_error("no template cluster at " + tmpl.string());
    return tmpl;
}

}  // namespace

bool PostgresServer::available() {
    return ::access((server_bin() + "initdb").c_str(), X_OK) == 0 &&
           ::access((server_bin() + "postgres").c_str(), X_OK) == 0;
}

PostgresServer& PostgresServer::shared() {
    static PostgresServer server;
    return server;
}

PostgresServer::PostgresServer(bool fsync) : fsync_(fsync) {
    TempDir tmp;  // only for a unique name; the directory is ours from here
    dir_ = tmp.path + "-pg";
    fs::create_directories(dir_ + "/sock");
    const auto r = run_command({"cp", "-a", template_cluster().string(), dir_ + "/data"});
    if (r.exit_code != 0) throw std::runtime_error("cannot copy the template cluster: " + r.err);
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    give_to_server_user(dir_ + "/sock");
    port_ = free_loopback_port();
    start();
}

PostgresServer::~PostgresServer() {
    try {
        stop();
    } catch (...) {
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

std::string PostgresServer::url(const std::string& db) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

void PostgresServer::start() {
    if (proc_) return;
    // After kill9() the old server's backends may still hold its shared memory
    // for a moment, and the new postmaster exits at once: it is started again.
    for (int attempt = 0; attempt < 20; ++attempt) {
        // fsync off for tests: they kill the server, never the machine, and the
        // page cache keeps what the server wrote.
        proc_ = std::make_unique<ChildProcess>(
            as_server_user({server_bin() + "postgres", "-D", dir_ + "/data", "-p", std::to_string(port_), "-k",
                            dir_ + "/sock", "-c", "listen_addresses=127.0.0.1", "-c", fsync_ ? "fsync=on" : "fsync=off", "-c",
                            "shared_buffers=32MB", "-c", "max_connections=40", "-c", "log_min_messages=warning"}),
            dir_ + "/server.log");
        for (int i = 0; i < 600 && proc_->running(); ++i) {
            const auto r = run_command({"pg_isready", "-q", "-h", "127.0.0.1", "-p", std::to_string(port_)},
                                       std::chrono::seconds(5));
            if (r.exit_code == 0) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        proc_.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    throw std::runtime_error("postgres did not start: " + read_file(dir_ + "/server.log"));
}

void PostgresServer::stop() {
    if (!proc_) return;
    proc_->signal(SIGINT);  // fast shutdown: rolls back open transactions, checkpoints
    if (!proc_->wait(std::chrono::seconds(60))) proc_->signal(SIGKILL);
    proc_.reset();
}

void PostgresServer::kill9() {
    if (!proc_) return;
    proc_->signal(SIGKILL);
    proc_->wait(std::chrono::seconds(10));
    proc_.reset();
    // The postmaster's children notice it is gone and exit; the next start waits
    // for its shared memory to be released.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
}

std::string PostgresServer::psql(const std::string& db, const std::string& sql) const {
    const auto r = run_command({"psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                                std::to_string(port_), "-U", "postgres", "-d", db, "-c", sql},
                               std::chrono::seconds(60));
    if (r.exit_code != 0) throw std::runtime_error("psql " + db + ": " + sql + ": " + r.err);
    return r.out;
}

std::string PostgresServer::create_database(const std::string& hint) {
    std::string name;
    for (char c : hint) name += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
    name = name.substr(0, 40) + "_" + std::to_string(++databases_);
    psql("postgres", "CREATE DATABASE " + name);
    return url(name);
}

}  // namespace pg::test
