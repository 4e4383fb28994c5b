#include "store/postgres_engine.hpp"

#include "store/database.hpp"
#include "store/postgres_connection.hpp"

#include <cstring>

namespace pg::hub {
namespace {

// The advisory lock keys (two int4s): 'PGRD' for a device's marts, 'PGRS' for
// migrations, so another application's advisory locks on the same server never
// collide with ours.
constexpr int kDeviceLockSpace = 0x50475244;
constexpr int kSchemaLockSpace = 0x50475253;

struct ConninfoFree {
    void operator()(PQconninfoOption* o) const { PQconninfoFree(o); }
};

std::string first_line(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    if (const auto nl = s.find('\n'); nl != std::string::npos) s = s.substr(0, nl);
    return s;
}

bool is_url(const std::string& url) {
    return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

// SQLSTATE classes: 08 connection exception, 57P0x the server shutting down or
// starting, 40001 serialization failure, 40P01 deadlock, 53 out of resources.
bool connection_gone(std::string_view state) {
    return state.rfind("08", 0) == 0 || state == "57P01" || state == "57P02" || state == "57P03";
}

}  // namespace

std::optional<std::string> postgres_url_problem(const std::string& url) {
    if (!is_url(url)) return "is not a postgresql:// URL";
    char* err = nullptr;
    std::unique_ptr<PQconninfoOption, ConninfoFree> opts(PQconninfoParse(url.c_str(), &err));
    if (!opts) {
        std::string msg = err ? first_line(err) : "cannot be parsed";
        PQfreemem(err);
        return msg;
    }
    return std::nullopt;
}

std::string postgres_display_name(const std::string& url) {
    std::unique_ptr<PQconninfoOption, ConninfoFree> opts(PQconninfoParse(url.c_str(), nullptr));
    if (!opts) return url.substr(0, url.find('@'));  // never show what may be a password
    std::string user, host, port, db;
    for (auto* o = opts.get(); o->keyword; ++o) {
        if (!o->val) continue;
        if (!std::strcmp(o->keyword, "user")) user = o->val;
        if (!std::strcmp(o->keyword, "host")) host = o->val;
        if (!std::strcmp(o->keyword, "port")) port = o->val;
        if (!std::strcmp(o->keyword, "dbname")) db = o->val;
    }
    return "postgresql://" + (user.empty() ? "" : user + "@") + (host.empty() ? "localhost" : host) +
           (port.empty() ? "" : ":" + port) + "/" + db;
}

std::unique_ptr<Connection> open_postgres(const std::string& url, OpenMode mode) {
    const std::string name = postgres_display_name(url);
    if (auto problem = postgres_url_problem(url)) throw StoreError("database " + name + ": the URL " + *problem);
    // Defaults first: what the URL says overrides them (expand_dbname). Keepalives
    // notice a server that vanished without closing the connection.
    const char* keys[] = {"connect_timeout", "application_name", "keepalives_idle", "keepalives_interval",
                          "keepalives_count", "dbname", nullptr};
    const char* values[] = {"10", mode == OpenMode::read_only ? "pg-report" : "pg-hub", "30", "10", "3",
                            url.c_str(), nullptr};
    std::unique_ptr<PGconn, PgConnCloser> conn(PQconnectdbParams(keys, values, 1));
    if (!conn) throw StoreError("database " + name + ": cannot connect: out of memory");
    if (PQstatus(conn.get()) != CONNECTION_OK)
        throw StoreError("database " + name + ": cannot connect: " + first_line(PQerrorMessage(conn.get())));
    return std::make_unique<PostgresConnection>(std::move(conn), name, mode == OpenMode::read_only);
}

PostgresConnection::PostgresConnection(std::unique_ptr<PGconn, PgConnCloser> conn, std::string name, bool read_only)
    : conn_(std::move(conn)), name_(std::move(name)), read_only_(read_only) {
    set_up_session();
}

void PostgresConnection::set_up_session() {
    // NOTICEs ("relation already exists, skipping") are not ours to print.
    PQsetNoticeProcessor(conn_.get(), [](void*, const char*) {}, nullptr);
    std::string setup = "SET client_min_messages = warning";
    if (read_only_) setup += "; SET default_transaction_read_only = on";
    exec(setup);
}

void PostgresConnection::fail(const PGresult* r, std::string_view what, std::string_view sql) {
    const char* state_field = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    const std::string state = state_field ? state_field : "";
    std::string msg = first_line(r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r) : PQerrorMessage(conn_.get()));
    if (msg.rfind("ERROR:  ", 0) == 0 || msg.rfind("FATAL:  ", 0) == 0) msg.erase(0, 8);
    const std::string head = "database " + name_ + ": " + std::string(what) + ": ";
    if (PQstatus(conn_.get()) == CONNECTION_BAD || connection_gone(state))
        throw TransientStoreError(head + "the connection to the server was lost (" + msg +
                                  "); nothing of this transaction was stored");
    if (state == "40001" || state == "40P01")
        throw TransientStoreError(head + msg + "; the transaction was rolled back and is retried");
    if (state.rfind("53", 0) == 0)
        throw StoreError(head + "the server is out of resources (" + msg + "). Nothing that was not stored has "
                         "been acknowledged: the broker keeps it");
    // A migration's DDL is long: its start says which one it was.
    const std::string in = sql.size() > 200 ? std::string(sql.substr(0, 200)) + "..." : std::string(sql);
    throw StoreError(head + msg + (sql.empty() ? std::string() : " (in: " + in + ")"));
}

void PostgresConnection::check(const PgResult& r, ExecStatusType ok, std::string_view what, std::string_view sql) {
    if (!r || PQresultStatus(r.get()) != ok) fail(r.get(), what, sql);
}

void PostgresConnection::exec(std::string_view sql) {
    PgResult r(PQexec(conn_.get(), std::string(sql).c_str()));
    if (r && (PQresultStatus(r.get()) == PGRES_COMMAND_OK || PQresultStatus(r.get()) == PGRES_TUPLES_OK)) return;
    fail(r.get(), sql.substr(0, sql.find_first_of(" (")), sql);
}

const std::string& PostgresConnection::prepared(const std::string& sql) {
    if (auto it = prepared_.find(sql); it != prepared_.end()) return it->second;
    std::string stmt = "pg" + std::to_string(prepared_.size() + 1);
    PgResult r(PQprepare(conn_.get(), stmt.c_str(), sql.c_str(), 0, nullptr));
    check(r, PGRES_COMMAND_OK, "prepare failed", sql);
    return prepared_.emplace(sql, std::move(stmt)).first->second;
}

bool PostgresConnection::begin() {
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        // The server restarted or the network went: connect again (same URL and
        // settings); statements prepare again on their next use.
        PQreset(conn_.get());
        if (PQstatus(conn_.get()) != CONNECTION_OK)
            throw TransientStoreError("database " + name_ + ": cannot reconnect: " +
                                      first_line(PQerrorMessage(conn_.get())));
        prepared_.clear();
        ++generation_;
        set_up_session();
    }
    exec("BEGIN");
    return true;
}

bool PostgresConnection::commit() {
    PgResult r(PQexec(conn_.get(), "COMMIT"));
    check(r, PGRES_COMMAND_OK, "commit");
    // COMMIT of a transaction a failed statement aborted answers ROLLBACK.
    if (std::strcmp(PQcmdStatus(r.get()), "ROLLBACK") == 0)
        throw TransientStoreError("database " + name_ + ": commit: the transaction had failed and was rolled back");
    return true;
}

void PostgresConnection::rollback() noexcept {
    if (PQstatus(conn_.get()) == CONNECTION_OK && PQtransactionStatus(conn_.get()) != PQTRANS_IDLE)
        PQclear(PQexec(conn_.get(), "ROLLBACK"));
}

std::string PostgresConnection::query_value(const char* sql) {
    PgResult r(PQexec(conn_.get(), sql));
    check(r, PGRES_TUPLES_OK, "inspect", sql);
    return PQntuples(r.get()) > 0 && !PQgetisnull(r.get(), 0, 0) ? PQgetvalue(r.get(), 0, 0) : "";
}

bool PostgresConnection::lock_device(std::int64_t device_id, bool wait) {
    const std::string sql = std::string(wait ? "SELECT pg_advisory_xact_lock(" : "SELECT pg_try_advisory_xact_lock(") +
                            std::to_string(kDeviceLockSpace) + ", " + std::to_string(static_cast<std::int32_t>(device_id)) + ")";
    const std::string v = query_value(sql.c_str());
    return wait || v == "t";
}

void PostgresConnection::lock_schema() {
    query_value(("SELECT pg_advisory_xact_lock(" + std::to_string(kSchemaLockSpace) + ", 0)").c_str());
}

std::int64_t PostgresConnection::application_id() {
    if (query_value("SELECT to_regclass('posture_guard') IS NOT NULL") != "t") return 0;
    const std::string v = query_value("SELECT application_id FROM posture_guard");
    return v.empty() ? 0 : std::stoll(v);
}

void PostgresConnection::set_application_id(std::int32_t id) {
    exec("CREATE TABLE posture_guard (application_id BIGINT NOT NULL); INSERT INTO posture_guard VALUES (" +
         std::to_string(id) + ")");
}

std::int64_t PostgresConnection::user_tables() {
    return std::stoll(query_value("SELECT count(*) FROM pg_catalog.pg_tables "
                                  "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"));
}

}  // namespace pg::hub
