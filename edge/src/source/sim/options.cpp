#include "source/sim/options.hpp"

#include "pg/errors.hpp"

#include <cctz/civil_time.h>

#include <charconv>
#include <limits>
#include <vector>

namespace pg::sim {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (std::size_t pos = 0;;) {
        std::size_t next = s.find(sep, pos);
        out.push_back(s.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
        if (next == std::string_view::npos) return out;
        pos = next + 1;
    }
}

template <typename T>
std::optional<T> to_number(std::string_view text) {
    T v{};
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return v;
}

// Strict YYYY-MM-DD that names a real date (cctz normalises 2026-02-30 to March,
// so a round trip catches it).
std::optional<CivilDate> to_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto y = to_number<int>(text.substr(0, 4));
    auto m = to_number<int>(text.substr(5, 2));
    auto d = to_number<int>(text.substr(8, 2));
    if (!y || !m || !d) return std::nullopt;
    cctz::civil_day day(*y, *m, *d);
    if (day.year() != *y || day.month() != *m || day.day() != *d) return std::nullopt;
    return CivilDate{*y, *m, *d};
}

}  // namespace

SimOptions parse_sim_options(std::string_view body, std::string_view spec) {
    auto fail = [&](const std::string& what) {
        return ConfigError("source '" + std::string(spec) + "': " + what);
    };
    auto parts = split(body, ',');
    SimOptions o;
    o.scenario = std::string(parts.front());
    if (o.scenario.empty()) throw fail("no scenario given (sim:SCENARIO[,face=PATH][,days=N][,seed=N][,start=YYYY-MM-DD])");
    for (std::size_t i = 1; i < parts.size(); ++i) {
        std::string_view part = parts[i];
        std::size_t eq = part.find('=');
        if (eq == std::string_view::npos) throw fail("option '" + std::string(part) + "' is not KEY=VALUE");
        std::string_view key = part.substr(0, eq), value = part.substr(eq + 1);
        if (key == "face") {
            if (value.empty()) throw fail("face= needs a path to a photo");
            o.face = std::string(value);
        } else if (key == "days") {
            auto v = to_number<int>(value);
            if (!v || *v < 1 || *v > 366) throw fail("days=" + std::string(value) + " is not a whole number from 1 to 366");
            o.days = *v;
        } else if (key == "seed") {
            auto v = to_number<std::uint64_t>(value);
            if (!v) throw fail("seed=" + std::string(value) + " is not a non-negative integer");
            o.seed = *v;
        } else if (key == "start") {
            o.start = to_date(value);
            if (!o.start) throw fail("start=" + std::string(value) + " is not a date YYYY-MM-DD");
        } else {
            throw fail("unknown option '" + std::string(key) + "' (known: face, days, seed, start)");
        }
    }
    return o;
}

}  // namespace pg::sim
