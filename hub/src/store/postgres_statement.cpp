// Statements of the PostgreSQL engine: values are sent as text (bytea as
// binary), results arrive as text, whole, when the statement runs.
#include "store/dialect.hpp"
#include "store/postgres_connection.hpp"
#include "store/store_error.hpp"

#include <charconv>
#include <cstdlib>
#include <optional>
#include <vector>

namespace pg::hub {
namespace {

// PostgreSQL text is UTF-8 without NUL, and a value that is not fails the whole
// statement. Our text columns hold names and zones that were validated, and
// diagnostics (a dead letter's detail) that quote unchecked payload text: a byte
// that cannot be stored is written as \xHH (the dead letter keeps the raw bytes).
std::string storable_text(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    std::size_t i = 0;
    while (i < v.size()) {
        const auto c = static_cast<unsigned char>(v[i]);
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
        bool ok = c != 0 && n > 0 && i + n <= v.size();
        for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(v[i + k]) & 0xc0) == 0x80;
        if (ok && n == 2) ok = c >= 0xc2;  // no overlong forms
        if (ok && n == 3) {
            const auto c1 = static_cast<unsigned char>(v[i + 1]);
            ok = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);  // overlong, surrogates
        }
        if (ok && n == 4) {
            const auto c1 = static_cast<unsigned char>(v[i + 1]);
            ok = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90) && c <= 0xf4;
        }
        if (ok) {
            out.append(v.substr(i, n));
            i += n;
            continue;
        }
        static const char* hex = "0123456789abcdef";
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 0xf];
        ++i;
    }
    return out;
}

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

class PostgresStatement final : public StatementBackend {
public:
    PostgresStatement(PostgresConnection& conn, std::string_view sql)
        : conn_(conn), sql_(dollar_placeholders(sql)) {
        // Prepared now, so a mistake in the SQL shows where the statement is made.
        name_ = conn_.prepared(sql_);
        generation_ = conn_.generation();
    }

    void bind_int64(int i, std::int64_t v) override { set(i, std::to_string(v), 0); }
    void bind_double(int i, double v) override {
        char buf[32];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        set(i, std::string(buf, r.ptr), 0);
    }
    void bind_text(int i, std::string_view v) override { set(i, storable_text(v), 0); }
    void bind_blob(int i, std::span<const std::uint8_t> v) override {
        set(i, std::string(reinterpret_cast<const char*>(v.data()), v.size()), 1);
    }
    void bind_null(int i) override { slot(i) = Param{}; }

    bool step() override {
        if (!result_) run();
        return ++row_ < PQntuples(result_.get());
    }
    void reset() noexcept override {
        result_.reset();
        params_.clear();
        row_ = -1;
    }
    int changes() const override {
        const char* n = result_ ? PQcmdTuples(result_.get()) : "";
        return *n ? std::atoi(n) : 0;
    }

    std::int64_t int64(int col) const override {
        const char* v = value(col);
        std::int64_t out = 0;
        std::from_chars(v, v + std::char_traits<char>::length(v), out);  // sum() is numeric: "12" reads the same
        return out;
    }
    double real(int col) const override { return std::strtod(value(col), nullptr); }
    std::string text(int col) const override {
        return std::string(value(col), static_cast<std::size_t>(PQgetlength(result_.get(), row_, col)));
    }
    bool is_null(int col) const override { return PQgetisnull(result_.get(), row_, col) != 0; }
    std::vector<std::uint8_t> blob(int col) const override {
        // bytea arrives in hex: \x0a1b...
        const char* v = value(col);
        const int n = PQgetlength(result_.get(), row_, col);
        std::vector<std::uint8_t> out;
        if (n < 2 || v[0] != '\\' || v[1] != 'x') return out;
        out.reserve(static_cast<std::size_t>(n - 2) / 2);
        for (int i = 2; i + 1 < n; i += 2) {
            const int hi = hex_digit(v[i]), lo = hex_digit(v[i + 1]);
            if (hi < 0 || lo < 0) break;
            out.push_back(static_cast<std::uint8_t>(hi << 4 | lo));
        }
        return out;
    }

private:
    struct Param {
        std::optional<std::string> value;
        int format = 0;  // 0 text, 1 binary
    };

    Param& slot(int i) {
        if (static_cast<std::size_t>(i) > params_.size()) params_.resize(static_cast<std::size_t>(i));
        return params_[static_cast<std::size_t>(i - 1)];
    }
    void set(int i, std::string v, int format) { slot(i) = Param{std::move(v), format}; }
    const char* value(int col) const { return PQgetvalue(result_.get(), row_, col); }

    void run() {
        if (generation_ != conn_.generation()) {  // reconnected since: the server forgot it
            name_ = conn_.prepared(sql_);
            generation_ = conn_.generation();
        }
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
        for (const auto& p : params_) {
            values.push_back(p.value ? p.value->data() : nullptr);
            lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
            formats.push_back(p.format);
        }
        result_.reset(PQexecPrepared(conn_.raw(), name_.c_str(), static_cast<int>(params_.size()), values.data(),
                                     lengths.data(), formats.data(), 0));
        const auto status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            PgResult failed = std::move(result_);
            conn_.fail(failed.get(), "statement failed", sql_);
        }
        row_ = -1;
    }

    PostgresConnection& conn_;
    std::string sql_;
    std::string name_;
    int generation_ = 0;
    std::vector<Param> params_;
    PgResult result_;
    int row_ = -1;
};

}  // namespace

std::unique_ptr<StatementBackend> PostgresConnection::prepare(std::string_view sql) {
    return std::make_unique<PostgresStatement>(*this, sql);
}

}  // namespace pg::hub
