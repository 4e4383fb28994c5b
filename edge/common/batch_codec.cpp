#include "pg/batch_codec.hpp"

#include <nlohmann/json.hpp>

#include <limits>

namespace pg {
namespace {

using json = nlohmann::json;

// Positions in the top-level CBOR array (WIRE-FORMAT.md). Never renumber: add a
// new version instead.
enum Field : std::size_t {
    f_version, f_device, f_stream, f_seq, f_t0, f_cadence, f_tz, f_flags, f_dropped,
    f_dt, f_states, f_score, f_width, f_drop, f_pitch, f_roll, f_events, f_count
};
constexpr std::uint64_t kFlagClockUnsynced = 1;
constexpr int kMaxDepth = 3;  // batch -> events -> event
constexpr std::size_t kMaxStringBytes = 128;

// nlohmann's CBOR reader recurses per nesting level; a hostile payload of nested
// arrays would exhaust the stack. This SAX wrapper refuses depth before it grows.
class DepthLimitedSax : public nlohmann::detail::json_sax_dom_parser<json> {
public:
    explicit DepthLimitedSax(json& out) : json_sax_dom_parser(out, false) {}
    // A declared length can claim up to 2^64 elements; nlohmann throws on
    // lengths above max_size(). No element takes less than a byte, so a length
    // beyond the payload size is a lie: refuse it before the parser sees it.
    bool start_object(std::size_t len) {
        return ++depth_ <= kMaxDepth && plausible(len) && json_sax_dom_parser::start_object(len);
    }
    bool end_object() { --depth_; return json_sax_dom_parser::end_object(); }
    bool start_array(std::size_t len) {
        return ++depth_ <= kMaxDepth && plausible(len) && json_sax_dom_parser::start_array(len);
    }
    bool end_array() { --depth_; return json_sax_dom_parser::end_array(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
        failed_ = true;
        return false;
    }
    bool too_deep() const { return depth_ > kMaxDepth; }
    static bool plausible(std::size_t len) { return len == static_cast<std::size_t>(-1) || len <= kMaxBatchBytes; }
    bool failed() const { return failed_; }

private:
    int depth_ = 0;
    bool failed_ = false;
};

// Delta columns: the first value is relative to `start`, each next to the previous.
template <typename T, typename Get>
json delta_column(const std::vector<Sample>& samples, long long start, Get get) {
    json col = json::array();
    bool any = false;
    long long prev = start;
    for (const auto& s : samples) {
        long long v = get(s);
        col.push_back(v - prev);
        any = any || v != start;
        prev = v;
    }
    // A column that never leaves its start value travels as [] (one byte).
    if (!any) col = json::array();
    return col;
}

struct Fail {
    DecodeError error;
};

[[noreturn]] void fail(DecodeErrorCode code, std::string msg) {
    throw Fail{{code, std::move(msg)}};
}

const char* kFieldNames[f_count] = {"version", "device", "stream", "seq", "t0",
    "cadence", "tz", "flags", "dropped", "dt", "states", "score", "width", "drop",
    "pitch", "roll", "events"};

long long get_int(const json& v, const char* name, long long lo, long long hi) {
    long long x = 0;
    if (v.is_number_unsigned()) {
        auto u = v.get<std::uint64_t>();
        if (u > static_cast<std::uint64_t>(std::numeric_limits<long long>::max()))
            fail(DecodeErrorCode::bad_value, std::string(name) + " out of range");
        x = static_cast<long long>(u);
    } else if (v.is_number_integer()) {
        x = v.get<long long>();
    } else {
        fail(DecodeErrorCode::bad_type, std::string(name) + " must be an integer");
    }
    if (x < lo || x > hi)
        fail(DecodeErrorCode::bad_value, std::string(name) + " out of range: " + std::to_string(x));
    return x;
}

const json& get_array(const json& top, Field f) {
    const json& v = top[f];
    if (!v.is_array())
        fail(DecodeErrorCode::bad_type, std::string(kFieldNames[f]) + " must be an array");
    return v;
}

std::string get_string(const json& top, Field f) {
    const json& v = top[f];
    if (!v.is_string())
        fail(DecodeErrorCode::bad_type, std::string(kFieldNames[f]) + " must be a text string");
    auto s = v.get<std::string>();
    if (s.size() > kMaxStringBytes)
        fail(DecodeErrorCode::bad_value, std::string(kFieldNames[f]) + " is too long");
    return s;
}

// Rebuilds one delta-coded metric column into the samples.
template <typename Set>
void undelta(const json& col, Field f, long long start, std::vector<Sample>& samples,
             long long lo, long long hi, Set set) {
    if (col.empty()) {
        for (auto& s : samples) set(s, start);
        return;
    }
    if (col.size() != samples.size())
        fail(DecodeErrorCode::column_mismatch, std::string(kFieldNames[f]) + " has " +
             std::to_string(col.size()) + " values for " + std::to_string(samples.size()) + " samples");
    long long v = start;
    for (std::size_t i = 0; i < col.size(); ++i) {
        v += get_int(col[i], kFieldNames[f], -100000, 100000);
        if (v < lo || v > hi)
            fail(DecodeErrorCode::bad_value, std::string(kFieldNames[f]) + " value out of range");
        set(samples[i], v);
    }
}

Batch decode_checked(const json& top) {
    if (!top.is_array())
        fail(DecodeErrorCode::not_a_map, "batch must be a CBOR array");
    if (top.empty())
        fail(DecodeErrorCode::missing_field, "batch is empty: no version");
    long long version = get_int(top[f_version], "version", 0, std::numeric_limits<int>::max());
    if (version != kWireVersion)
        fail(DecodeErrorCode::unsupported_version,
             "batch format version " + std::to_string(version) + " is not supported (this build reads v" +
             std::to_string(kWireVersion) + ")");
    if (top.size() < f_count)
        fail(DecodeErrorCode::missing_field,
             std::string("batch has ") + std::to_string(top.size()) + " fields, v1 needs " +
             std::to_string(f_count) + " (missing " + kFieldNames[top.size()] + ")");
    if (top.size() > f_count)
        fail(DecodeErrorCode::unknown_field, "batch has " + std::to_string(top.size()) +
             " fields, v1 has " + std::to_string(f_count));

    Batch b;
    b.version = static_cast<int>(version);
    b.device = get_string(top, f_device);
    b.stream = static_cast<std::uint32_t>(get_int(top[f_stream], "stream", 0, 0xffffffffLL));
    b.seq = static_cast<std::uint64_t>(get_int(top[f_seq], "seq", 0, std::numeric_limits<long long>::max()));
    b.t0_ms = get_int(top[f_t0], "t0", 0, 1LL << 50);
    b.cadence_ms = static_cast<std::uint32_t>(get_int(top[f_cadence], "cadence", 1, 3600 * 1000));
    b.tz = get_string(top, f_tz);
    auto flags = get_int(top[f_flags], "flags", 0, 0xffff);
    if (flags & ~static_cast<long long>(kFlagClockUnsynced))
        fail(DecodeErrorCode::bad_value, "flags has unknown bits");
    b.clock_synced = !(flags & kFlagClockUnsynced);
    b.dropped_samples = static_cast<std::uint32_t>(get_int(top[f_dropped], "dropped", 0, 0xffffffffLL));

    const json& dt = get_array(top, f_dt);
    if (dt.size() > kMaxBatchSamples)
        fail(DecodeErrorCode::too_many, "batch has " + std::to_string(dt.size()) + " samples, limit " +
             std::to_string(kMaxBatchSamples));
    b.samples.resize(dt.size());
    long long t = b.t0_ms - b.cadence_ms;
    for (std::size_t i = 0; i < dt.size(); ++i) {
        t += b.cadence_ms + get_int(dt[i], "dt", -(1LL << 40), 1LL << 40);
        if (t < 0 || t > (1LL << 50)) fail(DecodeErrorCode::bad_value, "sample time out of range");
        if (i > 0 && t <= b.samples[i - 1].t_ms)
            fail(DecodeErrorCode::bad_value, "sample times must increase");
        b.samples[i].t_ms = t;
    }

    const json& runs = get_array(top, f_states);
    if (runs.size() % 2 != 0)
        fail(DecodeErrorCode::column_mismatch, "states must hold (state, count) pairs");
    std::size_t filled = 0;
    for (std::size_t i = 0; i < runs.size(); i += 2) {
        auto st = posture_state_from_int(get_int(runs[i], "states", 0, 255));
        if (!st) fail(DecodeErrorCode::bad_value, "unknown posture state " + runs[i].dump());
        auto n = static_cast<std::size_t>(get_int(runs[i + 1], "states", 1, static_cast<long long>(kMaxBatchSamples)));
        if (filled + n > b.samples.size())
            fail(DecodeErrorCode::column_mismatch, "states cover more samples than the batch has");
        for (std::size_t k = 0; k < n; ++k) b.samples[filled++].state = *st;
    }
    if (filled != b.samples.size())
        fail(DecodeErrorCode::column_mismatch, "states cover " + std::to_string(filled) + " of " +
             std::to_string(b.samples.size()) + " samples");

    undelta(get_array(top, f_score), f_score, 0, b.samples, 0, 100,
            [](Sample& s, long long v) { s.score = static_cast<std::uint8_t>(v); });
    undelta(get_array(top, f_width), f_width, 100, b.samples, 0, 10000,
            [](Sample& s, long long v) { s.width_c = static_cast<std::int16_t>(v); });
    undelta(get_array(top, f_drop), f_drop, 0, b.samples, -10000, 10000,
            [](Sample& s, long long v) { s.drop_c = static_cast<std::int16_t>(v); });
    undelta(get_array(top, f_pitch), f_pitch, 0, b.samples, -180, 180,
            [](Sample& s, long long v) { s.pitch_deg = static_cast<std::int16_t>(v); });
    undelta(get_array(top, f_roll), f_roll, 0, b.samples, -180, 180,
            [](Sample& s, long long v) { s.roll_deg = static_cast<std::int16_t>(v); });

    const json& events = get_array(top, f_events);
    if (events.size() > kMaxBatchEvents)
        fail(DecodeErrorCode::too_many, "batch has " + std::to_string(events.size()) + " events, limit " +
             std::to_string(kMaxBatchEvents));
    for (const auto& e : events) {
        if (!e.is_array() || e.size() != 3)
            fail(DecodeErrorCode::bad_type, "each event must be [dt, type, value]");
        Event ev;
        ev.t_ms = b.t0_ms + get_int(e[0], "event dt", -(1LL << 40), 1LL << 40);
        auto type = event_type_from_int(get_int(e[1], "event type", 0, 255));
        if (!type) fail(DecodeErrorCode::bad_value, "unknown event type " + e[1].dump());
        ev.type = *type;
        ev.value = static_cast<std::int32_t>(get_int(e[2], "event value", std::numeric_limits<std::int32_t>::min(),
                                                     std::numeric_limits<std::int32_t>::max()));
        b.events.push_back(ev);
    }
    return b;
}

}  // namespace

std::string_view to_string(DecodeErrorCode c) {
    switch (c) {
    case DecodeErrorCode::oversized: return "oversized";
    case DecodeErrorCode::not_cbor: return "not_cbor";
    case DecodeErrorCode::not_a_map: return "not_a_batch";
    case DecodeErrorCode::unsupported_version: return "unsupported_version";
    case DecodeErrorCode::missing_field: return "missing_field";
    case DecodeErrorCode::bad_type: return "bad_type";
    case DecodeErrorCode::bad_value: return "bad_value";
    case DecodeErrorCode::unknown_field: return "unknown_field";
    case DecodeErrorCode::column_mismatch: return "column_mismatch";
    case DecodeErrorCode::too_many: return "too_many";
    }
    return "unknown";
}

std::vector<std::uint8_t> encode_batch(const Batch& b) {
    json top = json::array();
    top.push_back(b.version);
    top.push_back(b.device);
    top.push_back(b.stream);
    top.push_back(b.seq);
    top.push_back(b.t0_ms);
    top.push_back(b.cadence_ms);
    top.push_back(b.tz);
    top.push_back(b.clock_synced ? 0 : kFlagClockUnsynced);
    top.push_back(b.dropped_samples);

    json dt = json::array();
    long long prev = b.t0_ms - b.cadence_ms;
    for (const auto& s : b.samples) {
        dt.push_back(s.t_ms - prev - static_cast<long long>(b.cadence_ms));
        prev = s.t_ms;
    }
    top.push_back(std::move(dt));

    json runs = json::array();
    for (std::size_t i = 0; i < b.samples.size();) {
        std::size_t j = i;
        while (j < b.samples.size() && b.samples[j].state == b.samples[i].state) ++j;
        runs.push_back(static_cast<int>(b.samples[i].state));
        runs.push_back(j - i);
        i = j;
    }
    top.push_back(std::move(runs));

    const auto& ss = b.samples;
    top.push_back(delta_column<int>(ss, 0, [](const Sample& s) { return s.score; }));
    top.push_back(delta_column<int>(ss, 100, [](const Sample& s) { return s.width_c; }));
    top.push_back(delta_column<int>(ss, 0, [](const Sample& s) { return s.drop_c; }));
    top.push_back(delta_column<int>(ss, 0, [](const Sample& s) { return s.pitch_deg; }));
    top.push_back(delta_column<int>(ss, 0, [](const Sample& s) { return s.roll_deg; }));

    json events = json::array();
    for (const auto& e : b.events)
        events.push_back(json::array({e.t_ms - b.t0_ms, static_cast<int>(e.type), e.value}));
    top.push_back(std::move(events));
    return json::to_cbor(top);
}

DecodeResult decode_batch(std::span<const std::uint8_t> payload) {
    if (payload.size() > kMaxBatchBytes)
        return DecodeError{DecodeErrorCode::oversized, "payload of " + std::to_string(payload.size()) +
                           " bytes exceeds the " + std::to_string(kMaxBatchBytes) + "-byte limit"};
    if (payload.empty()) return DecodeError{DecodeErrorCode::not_cbor, "payload is empty"};
    json top;
    DepthLimitedSax sax(top);
    bool ok = false;
    try {
        ok = json::sax_parse(payload.begin(), payload.end(), &sax, nlohmann::json::input_format_t::cbor, true);
    } catch (const json::exception&) {
        ok = false;  // a second line of defence; the SAX checks above come first
    }
    if (sax.too_deep()) return DecodeError{DecodeErrorCode::bad_type, "payload nests deeper than a v1 batch"};
    if (!ok || sax.failed() || top.is_discarded())
        return DecodeError{DecodeErrorCode::not_cbor, "payload is not well-formed CBOR"};
    try {
        return decode_checked(top);
    } catch (const Fail& f) {
        return f.error;
    }
}

}  // namespace pg
