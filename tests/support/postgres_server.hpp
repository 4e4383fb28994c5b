#pragma once

#include "process.hpp"

#include <memory>
#include <string>

namespace pg::test {

// Debian's PostgreSQL (the newest installed: 15 on Debian 12) for tests: its own
// cluster (initdb) in a temp dir, listening on a free loopback port with its
// unix socket in that dir, run as `nobody` when the tests run as root (postgres
// refuses to run as root).
// Started for real; stop(), start() and kill9() are the faults tests inject.
class PostgresServer {
public:
    // True when initdb and postgres are installed (else tests skip).
    static bool available();
    // One server for the whole test process, started on first use.
    static PostgresServer& shared();

    // Throws std::runtime_error with the server's log on failure. fsync off by
    // default: tests kill the server, never the machine (benchmarks measure both).
    explicit PostgresServer(bool fsync = false);
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    int port() const { return port_; }
    // postgresql://postgres@127.0.0.1:PORT/db
    std::string url(const std::string& db) const;
    // A new, empty database with a name unique in this process; returns its URL.
    std::string create_database(const std::string& hint = "test");
    // Runs SQL through psql in `db` (ON_ERROR_STOP); throws when it fails.
    std::string psql(const std::string& db, const std::string& sql) const;

    void start();  // again, same port and data
    void stop();   // fast shutdown (SIGINT) and wait: what was committed stays
    void kill9();  // a crash: the server recovers from its WAL at the next start
    bool running() const { return proc_ != nullptr; }

private:
    std::string dir_;  // data/, sock/, server.log
    int port_ = 0;
    int databases_ = 0;
    bool fsync_ = false;
    std::unique_ptr<ChildProcess> proc_;
};

}  // namespace pg::test
