#pragma once

#include "store/engine.hpp"

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pg::hub {

struct PgConnCloser {
    void operator()(PGconn* c) const { PQfinish(c); }
};
struct PgResultClearer {
    void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultClearer>;

// The one owner of one PGconn. Statements are prepared on the server once per
// SQL text and connection (PQprepare), so preparing the same text again is
// free and nothing accumulates on the server. A lost connection is reset at the
// next begin(); the server forgot the prepared statements then, so each
// statement prepares again on its first use afterwards (generation()).
class PostgresConnection final : public Connection {
public:
    PostgresConnection(std::unique_ptr<PGconn, PgConnCloser> conn, std::string name, bool read_only);

    Engine engine() const override { return Engine::postgresql; }
    const std::string& name() const override { return name_; }
    bool read_only() const override { return read_only_; }

    void exec(std::string_view sql) override;
    std::unique_ptr<StatementBackend> prepare(std::string_view sql) override;
    bool begin() override;
    bool commit() override;
    void rollback() noexcept override;
    bool lock_device(std::int64_t device_id, bool wait) override;
    void lock_schema() override;
    std::int64_t application_id() override;
    void set_application_id(std::int32_t id) override;
    std::int64_t user_tables() override;

    // The server-side name of `sql` (already in $N form), preparing it if this
    // connection has not yet.
    const std::string& prepared(const std::string& sql);
    int generation() const { return generation_; }
    PGconn* raw() const { return conn_.get(); }

    // The one translation of a libpq failure: a StoreError naming the database,
    // TransientStoreError for what a retry of the transaction can cure.
    [[noreturn]] void fail(const PGresult* r, std::string_view what, std::string_view sql = {});
    // Throws unless `r` is the status expected.
    void check(const PgResult& r, ExecStatusType ok, std::string_view what, std::string_view sql = {});

private:
    void set_up_session();
    std::string query_value(const char* sql);

    std::unique_ptr<PGconn, PgConnCloser> conn_;
    std::string name_;
    bool read_only_;
    int generation_ = 0;
    std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
};

}  // namespace pg::hub
