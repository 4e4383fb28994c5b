#include "store/statement.hpp"

#include "store/database.hpp"
#include "store/engine.hpp"

namespace pg::hub {

Statement::Statement(const Database& db, std::string_view sql) : impl_(db.connection().prepare(sql)) {}
Statement::Statement(Statement&&) noexcept = default;
Statement& Statement::operator=(Statement&&) noexcept = default;
Statement::~Statement() = default;

void Statement::bind_int64(int i, std::int64_t v) { impl_->bind_int64(i, v); }
void Statement::bind_double(int i, double v) { impl_->bind_double(i, v); }
void Statement::bind_null(int i) { impl_->bind_null(i); }
void Statement::bind_text(int i, std::string_view v) { impl_->bind_text(i, v); }
void Statement::bind_blob(int i, std::span<const std::uint8_t> v) { impl_->bind_blob(i, v); }
int Statement::changes() const { return impl_->changes(); }

Cursor::~Cursor() {
    if (stmt_) stmt_->impl_->reset();
}

bool Cursor::next() { return stmt_->impl_->step(); }
std::int64_t Cursor::int64(int col) const { return stmt_->impl_->int64(col); }
double Cursor::real(int col) const { return stmt_->impl_->real(col); }
bool Cursor::is_null(int col) const { return stmt_->impl_->is_null(col); }
std::optional<std::int64_t> Cursor::opt_int64(int col) const {
    if (is_null(col)) return std::nullopt;
    return int64(col);
}
std::vector<std::uint8_t> Cursor::blob(int col) const { return stmt_->impl_->blob(col); }
std::string Cursor::text(int col) const { return stmt_->impl_->text(col); }

}  // namespace pg::hub
