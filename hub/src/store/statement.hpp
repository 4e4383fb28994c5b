#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace pg::hub {

class Database;
class StatementBackend;
class Statement;

// One use of a prepared statement: the values are bound, rows are read with
// next(), and the destructor resets the statement and clears its bindings, so
// the next use starts clean whatever path this one left by.
class [[nodiscard]] Cursor {
public:
    Cursor(Cursor&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
    Cursor& operator=(Cursor&&) = delete;
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    ~Cursor();

    // True while there is a row; throws StoreError when the statement fails.
    bool next();

    std::int64_t int64(int col) const;
    double real(int col) const;
    std::string text(int col) const;
    bool is_null(int col) const;
    std::optional<std::int64_t> opt_int64(int col) const;
    std::vector<std::uint8_t> blob(int col) const;

private:
    friend class Statement;
    explicit Cursor(Statement& s) : stmt_(&s) {}
    Statement* stmt_;
};

// One prepared statement of the database's engine, prepared once and reused.
// SQL is written with ?N placeholders (store/dialect.hpp).
class Statement {
public:
    Statement(const Database& db, std::string_view sql);
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Binds the values to ?1, ?2, ... in order. Only on a named statement: a
    // cursor over a temporary would outlive the statement it reads.
    template <typename... Args>
    Cursor bind(const Args&... args) & {
        Cursor c(*this);
        int i = 0;
        (bind_one(++i, args), ...);
        return c;
    }

    template <typename... Args>
    Cursor bind(const Args&... args) && = delete;

    // Runs a statement that returns no rows; returns the rows it changed.
    template <typename... Args>
    int run(const Args&... args) {
        auto c = this->bind(args...);
        while (c.next()) {
        }
        return changes();
    }

private:
    friend class Cursor;

    template <typename T>
    void bind_one(int i, const T& v) {
        if constexpr (std::is_same_v<T, bool>)
            bind_int64(i, v ? 1 : 0);
        else if constexpr (std::is_integral_v<T>)
            bind_int64(i, static_cast<std::int64_t>(v));
        else if constexpr (std::is_floating_point_v<T>)
            bind_double(i, static_cast<double>(v));
        else if constexpr (std::is_convertible_v<const T&, std::string_view>)
            bind_text(i, std::string_view(v));
        else if constexpr (std::is_convertible_v<const T&, std::span<const std::uint8_t>>)
            bind_blob(i, std::span<const std::uint8_t>(v));
        else if constexpr (std::is_same_v<T, std::nullopt_t>)
            bind_null(i);
        else if constexpr (std::is_same_v<T, std::optional<std::string>>)
            v ? bind_text(i, *v) : bind_null(i);
        else if constexpr (std::is_same_v<T, std::optional<int>> || std::is_same_v<T, std::optional<std::int64_t>>)
            v ? bind_int64(i, static_cast<std::int64_t>(*v)) : bind_null(i);
        else
            static_assert(!sizeof(T), "no binding for this type");
    }
    void bind_int64(int i, std::int64_t v);
    void bind_double(int i, double v);
    void bind_text(int i, std::string_view v);
    void bind_blob(int i, std::span<const std::uint8_t> v);
    void bind_null(int i);
    int changes() const;

    std::unique_ptr<StatementBackend> impl_;
};

}  // namespace pg::hub
