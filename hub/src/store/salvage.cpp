#include "store/salvage.hpp"

#include "mart/tiers.hpp"
#include "store/schema.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <variant>

namespace pg::hub {
namespace {

// A table is copied in the order of its key, so a damaged stretch is a range
// of keys that can be stepped over. Marts are copied too: days before a prune
// horizon cannot be recomputed.
struct Key {
    const char* column;
    bool text;
};
struct TableSpec {
    const char* name;
    std::vector<Key> keys;
    bool rowid;  // the key is the rowid, which SELECT * does not include
};
const std::vector<TableSpec>& tables() {
    static const std::vector<TableSpec> all{
        {"devices", {{"id", false}}, false},
        {"batches", {{"device_id", false}, {"stream", false}, {"seq", false}}, false},
        {"sample_blocks", {{"rowid", false}}, true},
        {"events", {{"rowid", false}}, true},
        {"dead_letters", {{"id", false}}, false},
        {"minute_rollup", {{"device_id", false}, {"minute_ms", false}}, false},
        {"daily_mart", {{"device_id", false}, {"day", true}}, false},
        {"hourly_mart", {{"device_id", false}, {"day", true}, {"hour", false}}, false},
        {"weekly_mart", {{"device_id", false}, {"week", true}}, false},
        {"device_state", {{"device", true}, {"kind", true}}, false},
    };
    return all;
}

using Value = std::variant<std::int64_t, std::string>;
using Position = std::vector<Value>;

std::string quoted(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? "''" : std::string(1, c);
    return out + "'";
}

std::string literal(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    return quoted(std::get<std::string>(v));
}

bool damage(int rc) {
    const int primary = rc & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_IOERR;
}

class TableCopy {
public:
    TableCopy(Database& db, const TableSpec& t) : db_(db), t_(t) {
        for (const auto& k : t.keys) keys_ += (keys_.empty() ? "" : ", ") + std::string(k.column);
        keys_ = "(" + keys_ + ")";
        for (const auto& k : t.keys) order_ += (order_.empty() ? "" : ", ") + std::string(k.column);
        auto info = db.prepare("SELECT name FROM pragma_table_info(?1)");
        auto c = info.bind(std::string(t.name));
        if (t.rowid) columns_ = "rowid";
        while (c.next()) columns_ += (columns_.empty() ? "" : ", ") + c.text(0);
    }

    SalvageReport::Table run() {
        SalvageReport::Table r{t_.name, 0, 0};
        for (;;) {
            if (copy(1000, r) == SQLITE_OK && !last_copied_) break;
            if (!failed_) continue;
            // Close in on the damage one row at a time, then step over it.
            while (copy(1, r) == SQLITE_OK && last_copied_) {
            }
            if (!failed_) break;
            ++r.unreadable;
            auto next = step_over();
            if (!next) break;
            pos_ = *next;
        }
        return r;
    }

private:
    int exec(const std::string& sql) {
        const int rc = sqlite3_exec(db_.raw(), sql.c_str(), nullptr, nullptr, nullptr);
        if (rc != SQLITE_OK && !damage(rc))
            throw_store_error(db_.name(), rc, std::string("copy ") + t_.name, sqlite3_errmsg(db_.raw()));
        return rc;
    }
    std::string after(const Position& p) const {
        std::string s;
        for (const auto& v : p) s += (s.empty() ? "" : ", ") + literal(v);
        return " WHERE " + keys_ + " > (" + s + ")";
    }
    int copy(int limit, SalvageReport::Table& r) {
        const int rc = exec("INSERT INTO main." + std::string(t_.name) + " (" + columns_ + ") SELECT " + columns_ +
                            " FROM old." + t_.name + (pos_ ? after(*pos_) : "") + " ORDER BY " + order_ +
                            " LIMIT " + std::to_string(limit));
        failed_ = rc != SQLITE_OK;
        last_copied_ = failed_ ? 0 : sqlite3_changes(db_.raw());
        if (last_copied_ > 0) {
            r.rows += last_copied_;
            pos_ = last_key();
        }
        return rc;
    }
    Position last_key() {
        std::string desc;
        for (const auto& k : t_.keys) desc += (desc.empty() ? "" : ", ") + std::string(k.column) + " DESC";
        auto st = db_.prepare("SELECT " + order_ + " FROM main." + t_.name + " ORDER BY " + desc + " LIMIT 1");
        auto c = st.bind();
        Position p;
        if (!c.next()) return p;
        for (std::size_t i = 0; i < t_.keys.size(); ++i)
            p.push_back(t_.keys[i].text ? Value(c.text(static_cast<int>(i))) : Value(c.int64(static_cast<int>(i))));
        return p;
    }
    // Whether the next row after p can be read whole, as copy() reads it.
    bool readable_after(const Position& p) {
        return exec("SELECT " + columns_ + " FROM old." + std::string(t_.name) + after(p) + " ORDER BY " + order_ +
                    " LIMIT 1") == SQLITE_OK;
    }
    // The smallest key beyond the damage at which reading works again: for the
    // last integer key column first, by doubling and then halving the step;
    // failing that, the next value of an earlier column.
    std::optional<Position> step_over() {
        constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
        Position from = pos_.value_or(Position{});
        if (!pos_)
            for (const auto& k : t_.keys) from.push_back(k.text ? Value(std::string()) : Value(std::numeric_limits<std::int64_t>::min()));
        for (std::size_t j = t_.keys.size(); j-- > 0;) {
            if (t_.keys[j].text) continue;
            const std::int64_t base = std::get<std::int64_t>(from[j]);
            // Steps are unsigned offsets from base: from the lowest key the
            // rest of the range is 2^64 - 1 wide, more than any signed step.
            const std::uint64_t span = static_cast<std::uint64_t>(kMax) - static_cast<std::uint64_t>(base);
            auto at = [&](std::uint64_t delta) {
                Position p = from;
                p[j] = static_cast<std::int64_t>(static_cast<std::uint64_t>(base) + std::min(delta, span));
                for (std::size_t k = j + 1; k < p.size(); ++k)
                    p[k] = t_.keys[k].text ? Value(std::string("\xff\xff\xff\xff")) : Value(kMax);
                return p;
            };
            // For the last column base itself failed; for an earlier one the
            // first probe is "after every row with this value".
            const bool last = j + 1 == t_.keys.size();
            std::uint64_t lo = 0;
            bool lo_failed = last;
            std::optional<std::uint64_t> found;
            for (std::uint64_t delta = last ? 1 : 0;;) {
                if (readable_after(at(delta))) {
                    found = delta;
                    break;
                }
                lo = delta;
                lo_failed = true;
                if (delta >= span) break;
                delta = delta == 0 ? 1 : (delta > span / 2 ? span : delta * 2);
            }
            if (!found) continue;
            std::uint64_t hi = *found;
            if (lo_failed)
                while (hi - lo > 1) {
                    const std::uint64_t mid = lo + (hi - lo) / 2;
                    (readable_after(at(mid)) ? hi : lo) = mid;
                }
            return at(hi);
        }
        return std::nullopt;
    }

    Database& db_;
    const TableSpec& t_;
    std::string keys_, order_, columns_;
    std::optional<Position> pos_;
    bool failed_ = false;
    int last_copied_ = 0;
};

std::string read_only_uri(const std::filesystem::path& file) {
    std::string uri = "file:";
    for (char c : std::filesystem::absolute(file).string()) {
        if (c == '%' || c == '?' || c == '#') {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
            uri += hex;
        } else {
            uri += c;
        }
    }
    return uri + "?mode=ro";
}

void refuse_existing(const std::filesystem::path& to) {
    std::error_code ec;
    if (std::filesystem::exists(to, ec)) throw StoreError("database " + to.string() + " exists already: choose a new file");
}

}  // namespace

SalvageReport salvage(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(from, ec)) throw StoreError("database " + from.string() + " not found");
    refuse_existing(to);
    auto db = open_hub_database(to);
    db.exec("ATTACH DATABASE " + quoted(read_only_uri(from)) + " AS old");
    {
        auto id = db.prepare("PRAGMA old.application_id");
        auto c = id.bind();
        if (!c.next() || c.int64(0) != kApplicationId)
            throw StoreError("database " + from.string() + " is not a Posture Guard database");
    }
    try {
        auto v = db.prepare("SELECT max(version) FROM old.schema_version");
        auto c = v.bind();
        if (c.next() && c.int64(0) != kSchemaVersion)
            throw StoreError("database " + from.string() + " has schema version " + std::to_string(c.int64(0)) +
                             "; salvage reads version " + std::to_string(kSchemaVersion) + " only");
    } catch (const StoreError& e) {
        if (std::string(e.what()).find("schema version") != std::string::npos) throw;
        // An unreadable version table: the tables themselves tell.
    }
    SalvageReport report;
    for (const auto& t : tables()) report.tables.push_back(TableCopy(db, t).run());
    db.exec("DETACH DATABASE old");
    // Whole rollups still hold the minutes whose raw samples were lost, so the
    // marts come from them; only damaged rollups are recomputed from the
    // samples that are left (which undercounts a minute that lost samples too).
    const bool rollups_damaged = std::any_of(report.tables.begin(), report.tables.end(), [](const auto& t) {
        return t.name == "minute_rollup" && t.unreadable > 0;
    });
    TierMaintenance(db).rebuild(rollups_damaged);
    // Samples the batches table lists in the hot tier that no block holds any more.
    auto missing = db.prepare(
        "SELECT d.name, (SELECT coalesce(sum(n_samples), 0) FROM batches b WHERE b.device_id = d.id "
        "AND b.t0_ms >= d.pruned_before_ms) - (SELECT coalesce(sum(n), 0) FROM sample_blocks s "
        "WHERE s.device_id = d.id AND s.first_ms >= d.pruned_before_ms) FROM devices d ORDER BY d.name");
    auto c = missing.bind();
    while (c.next())
        if (c.int64(1) > 0) report.devices.push_back({c.text(0), c.int64(1)});
    return report;
}

void backup(const std::filesystem::path& from, const std::filesystem::path& to) {
    refuse_existing(to);
    auto db = open_report_database(from);
    db.exec("VACUUM INTO " + quoted(to.string()));
}

}  // namespace pg::hub
