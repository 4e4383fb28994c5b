#include "store/statement.hpp"

#include "store/database.hpp"

#include <sqlite3.h>

namespace pg::hub {

void Statement::Finalizer::operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }

Statement::Statement(const Database& db, std::string_view sql) : db_(db.raw()), file_(db.file().string()) {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
    stmt_.reset(raw);
    check(rc, "prepare");
}

void Statement::check(int rc, std::string_view what) const {
    if (rc == SQLITE_OK) return;
    const char* sql = stmt_ ? sqlite3_sql(stmt_.get()) : nullptr;
    throw_store_error(file_, rc, std::string(what) + " failed", std::string(sqlite3_errmsg(db_)) +
                                                                  (sql ? std::string(" (in: ") + sql + ")" : std::string()));
}

void Statement::bind_int64(int i, std::int64_t v) { check(sqlite3_bind_int64(stmt_.get(), i, v), "bind"); }
void Statement::bind_double(int i, double v) { check(sqlite3_bind_double(stmt_.get(), i, v), "bind"); }
void Statement::bind_null(int i) { check(sqlite3_bind_null(stmt_.get(), i), "bind"); }
void Statement::bind_text(int i, std::string_view v) {
    check(sqlite3_bind_text64(stmt_.get(), i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8), "bind");
}
void Statement::bind_blob(int i, std::span<const std::uint8_t> v) {
    // A zero-length blob must still be a blob, not NULL: bind_zeroblob for it.
    const int rc = v.empty() ? sqlite3_bind_zeroblob(stmt_.get(), i, 0)
                             : sqlite3_bind_blob64(stmt_.get(), i, v.data(), v.size(), SQLITE_TRANSIENT);
    check(rc, "bind");
}
int Statement::changes() const { return sqlite3_changes(db_); }

Cursor::~Cursor() {
    if (!stmt_) return;
    // reset() repeats the last step's error code; that error was already thrown
    // from next(), so it is deliberately ignored here.
    sqlite3_reset(stmt_->stmt_.get());
    sqlite3_clear_bindings(stmt_->stmt_.get());
}

bool Cursor::next() {
    const int rc = sqlite3_step(stmt_->stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    stmt_->check(rc, "step");
    return false;
}

std::int64_t Cursor::int64(int col) const { return sqlite3_column_int64(stmt_->stmt_.get(), col); }
double Cursor::real(int col) const { return sqlite3_column_double(stmt_->stmt_.get(), col); }
bool Cursor::is_null(int col) const { return sqlite3_column_type(stmt_->stmt_.get(), col) == SQLITE_NULL; }
std::optional<std::int64_t> Cursor::opt_int64(int col) const {
    if (is_null(col)) return std::nullopt;
    return int64(col);
}
std::vector<std::uint8_t> Cursor::blob(int col) const {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_->stmt_.get(), col));
    const int n = sqlite3_column_bytes(stmt_->stmt_.get(), col);
    return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}
std::string Cursor::text(int col) const {
    const auto* p = sqlite3_column_text(stmt_->stmt_.get(), col);
    const int n = sqlite3_column_bytes(stmt_->stmt_.get(), col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}

}  // namespace pg::hub
