#include "store/device_state.hpp"

#include "store/store_error.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace pg::hub {
namespace {

constexpr std::size_t kMaxStateBytes = 16 * 1024;

struct Parsed {
    std::string device, kind, reason;
};

// "<prefix>/<device>/state|availability" with a payload that fits the kind.
Parsed parse(const IncomingMessage& m, const std::string& prefix) {
    Parsed p;
    const std::string_view t(m.topic);
    const auto head = prefix + "/";
    const auto slash = t.rfind('/');
    if (t.substr(0, head.size()) != head || slash == std::string_view::npos || slash < head.size()) {
        p.reason = "topic";
        return p;
    }
    p.device = std::string(t.substr(head.size(), slash - head.size()));
    p.kind = std::string(t.substr(slash + 1));
    const std::string_view text(reinterpret_cast<const char*>(m.payload.data()), m.payload.size());
    if (p.device.empty() || p.device.find('/') != std::string::npos || (p.kind != "state" && p.kind != "availability"))
        p.reason = "topic";
    else if (m.payload.size() > kMaxStateBytes)
        p.reason = "too_large";
    else if (p.kind == "availability" && text != "online" && text != "offline")
        p.reason = "availability";
    else if (p.kind == "state" && !nlohmann::json::accept(text))
        p.reason = "state_json";
    return p;
}

}  // namespace

DeviceStateStore::DeviceStateStore(Database& db, std::string prefix)
    : db_(db),
      prefix_(std::move(prefix)),
      upsert_(db.prepare("INSERT INTO device_state (device, kind, payload, received_ms) VALUES (?1, ?2, ?3, ?4) "
                         "ON CONFLICT (device, kind) DO UPDATE SET payload = excluded.payload, "
                         "received_ms = excluded.received_ms")),
      dead_letter_(db.prepare("INSERT INTO dead_letters (received_at_ms, topic, device, reason, detail, payload) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")) {}

std::optional<StateStats> DeviceStateStore::keep(std::span<const IncomingMessage> messages) {
    StateStats stats;
    if (messages.empty()) return stats;
    // A deadlock, a serialization failure or a lost server (PostgreSQL) rolled
    // everything back: the caller retries the same messages, as after a busy SQLite.
    try {
        auto txn = db_.begin_immediate();
        if (!txn) return std::nullopt;
        for (const auto& m : messages) {
            const auto p = parse(m, prefix_);
            if (p.reason.empty()) {
                const std::string text(m.payload.begin(), m.payload.end());
                upsert_.run(p.device, p.kind, text, m.received_ms);
                ++stats.kept;
            } else {
                const std::optional<std::string> device =
                    p.device.empty() ? std::nullopt : std::optional<std::string>(p.device);
                dead_letter_.run(m.received_ms, m.topic, device, p.reason,
                                 "not a device state or availability message", m.payload);
                ++stats.dead_letters;
            }
        }
        if (!txn->commit()) return std::nullopt;
        return stats;
    } catch (const TransientStoreError&) {
        return std::nullopt;
    }
}

}  // namespace pg::hub
