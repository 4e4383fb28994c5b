#include "store/sample_blocks.hpp"

#include "pg/log.hpp"

#include <algorithm>
#include <tuple>

namespace pg::hub {
namespace {

void put16(std::vector<std::uint8_t>& b, std::int16_t v) {
    const auto u = static_cast<std::uint16_t>(v);
    b.push_back(static_cast<std::uint8_t>(u & 0xff));
    b.push_back(static_cast<std::uint8_t>(u >> 8));
}

void put32(std::vector<std::uint8_t>& b, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>((v >> (8 * i)) & 0xff));
}

std::int16_t get16(const std::uint8_t* p) {
    return static_cast<std::int16_t>(static_cast<std::uint16_t>(p[0] | (p[1] << 8)));
}

std::uint32_t get32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

bool earlier(const Sample& a, const Sample& b) { return a.t_ms < b.t_ms; }

}  // namespace

std::vector<std::uint8_t> encode_sample_block(std::span<const Sample> samples) {
    std::vector<std::uint8_t> b;
    b.reserve(1 + samples.size() * kSampleBlockRecordBytes);
    b.push_back(kSampleBlockFormat);
    const std::int64_t first = samples.empty() ? 0 : samples.front().t_ms;
    for (const auto& s : samples) {
        put32(b, static_cast<std::uint32_t>(s.t_ms - first));
        b.push_back(static_cast<std::uint8_t>(s.state));
        b.push_back(s.score);
        put16(b, s.width_c);
        put16(b, s.drop_c);
        put16(b, s.pitch_deg);
        put16(b, s.roll_deg);
    }
    return b;
}

std::optional<std::string> decode_sample_block(std::span<const std::uint8_t> data, std::int64_t first_ms,
                                               std::int64_t count, std::vector<Sample>& out) {
    if (data.empty()) return "empty block";
    if (data[0] != kSampleBlockFormat)
        return "block format " + std::to_string(data[0]) + ", this build reads " + std::to_string(kSampleBlockFormat);
    if (count < 0 || data.size() != 1 + static_cast<std::size_t>(count) * kSampleBlockRecordBytes)
        return std::to_string(data.size()) + " bytes cannot hold " + std::to_string(count) + " samples";
    const std::size_t start = out.size();
    const std::uint8_t* p = data.data() + 1;
    for (std::int64_t i = 0; i < count; ++i, p += kSampleBlockRecordBytes) {
        const auto state = posture_state_from_int(p[4]);
        if (!state) {
            out.resize(start);
            return "unknown posture state " + std::to_string(p[4]);
        }
        Sample s;
        s.t_ms = first_ms + get32(p);
        s.state = *state;
        s.score = p[5];
        s.width_c = get16(p + 6);
        s.drop_c = get16(p + 8);
        s.pitch_deg = get16(p + 10);
        s.roll_deg = get16(p + 12);
        out.push_back(s);
    }
    return std::nullopt;
}

SampleBlocks::SampleBlocks(const Database& db)
    : insert_(db.prepare("INSERT INTO sample_blocks (device_id, first_ms, last_ms, dur_ms, n, data) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")),
      // Blocks span at most kMaxBlockSpanMs: the index range on first_ms finds
      // every block that can reach into [?3, ?4).
      overlapping_(db.prepare("SELECT rowid, first_ms, dur_ms, n, data FROM sample_blocks WHERE device_id = ?1 "
                              "AND first_ms >= ?2 AND first_ms < ?4 AND last_ms >= ?3 ORDER BY first_ms")),
      count_before_(db.prepare("SELECT coalesce(sum(n), 0) FROM sample_blocks WHERE device_id = ?1 "
                               "AND first_ms < ?2 AND last_ms < ?2")),
      erase_before_(db.prepare("DELETE FROM sample_blocks WHERE device_id = ?1 AND first_ms < ?2 AND last_ms < ?2")),
      across_(db.prepare("SELECT rowid, first_ms, dur_ms, n, data FROM sample_blocks WHERE device_id = ?1 "
                         "AND first_ms >= ?2 AND first_ms < ?3 AND last_ms >= ?3")),
      erase_row_(db.prepare("DELETE FROM sample_blocks WHERE rowid = ?1")),
      range_(db.prepare("SELECT min(first_ms), max(last_ms) FROM sample_blocks WHERE device_id = ?1 "
                        "AND first_ms >= ?2 AND last_ms >= ?3")) {}

void SampleBlocks::insert_block(std::int64_t device_id, std::span<const Sample> sorted, std::int64_t dur_ms) {
    insert_.run(device_id, sorted.front().t_ms, sorted.back().t_ms, dur_ms, static_cast<std::int64_t>(sorted.size()),
                encode_sample_block(sorted));
}

void SampleBlocks::add(std::int64_t device_id, std::span<const Sample> samples, std::int64_t dur_ms) {
    std::vector<Sample> copy;
    if (!std::is_sorted(samples.begin(), samples.end(), earlier)) {
        copy.assign(samples.begin(), samples.end());
        std::stable_sort(copy.begin(), copy.end(), earlier);
        samples = copy;
    }
    std::size_t i = 0;
    while (i < samples.size()) {
        std::size_t j = i + 1;
        while (j < samples.size() && j - i < kMaxBlockSamples && samples[j].t_ms - samples[i].t_ms <= kMaxBlockSpanMs)
            ++j;
        insert_block(device_id, samples.subspan(i, j - i), dur_ms);
        i = j;
    }
}

std::vector<HotSample> SampleBlocks::read(std::int64_t device_id, std::int64_t begin_ms, std::int64_t end_ms) {
    std::vector<HotSample> out;
    std::vector<Sample> block;
    auto c = overlapping_.bind(device_id, begin_ms - kMaxBlockSpanMs, begin_ms, end_ms);
    while (c.next()) {
        block.clear();
        if (auto bad = decode_sample_block(c.blob(4), c.int64(1), c.int64(3), block)) {
            log::warn("hub", "sample block ", c.int64(0), " of device ", device_id, " is damaged (", *bad,
                      "); its samples are left out of the rollups");
            continue;
        }
        const std::int64_t dur = c.int64(2);
        for (const auto& s : block)
            if (s.t_ms >= begin_ms && s.t_ms < end_ms) out.push_back({s, dur});
    }
    std::stable_sort(out.begin(), out.end(), [](const HotSample& a, const HotSample& b) { return earlier(a.sample, b.sample); });
    return out;
}

std::int64_t SampleBlocks::erase_before(std::int64_t device_id, std::int64_t horizon_ms) {
    std::int64_t erased = 0;
    // Blocks across the horizon lose their earlier part: read first, then rewrite.
    std::vector<std::tuple<std::int64_t, std::int64_t, std::vector<Sample>>> across;
    {
        std::vector<Sample> block;
        auto c = across_.bind(device_id, horizon_ms - kMaxBlockSpanMs, horizon_ms);
        while (c.next()) {
            block.clear();
            if (decode_sample_block(c.blob(4), c.int64(1), c.int64(3), block)) continue;  // damaged: left as it is
            std::vector<Sample> kept;
            for (const auto& s : block)
                if (s.t_ms >= horizon_ms) kept.push_back(s);
            erased += static_cast<std::int64_t>(block.size() - kept.size());
            across.emplace_back(c.int64(0), c.int64(2), std::move(kept));
        }
    }
    for (const auto& [rowid, dur, kept] : across) {
        erase_row_.run(rowid);
        if (!kept.empty()) insert_block(device_id, kept, dur);
    }
    {
        auto c = count_before_.bind(device_id, horizon_ms);
        if (c.next()) erased += c.int64(0);
    }
    erase_before_.run(device_id, horizon_ms);
    return erased;
}

std::optional<std::pair<std::int64_t, std::int64_t>> SampleBlocks::time_range(std::int64_t device_id,
                                                                              std::int64_t from_ms) {
    auto c = range_.bind(device_id, from_ms - kMaxBlockSpanMs, from_ms);
    if (!c.next() || c.is_null(0)) return std::nullopt;
    return std::pair{std::max(c.int64(0), from_ms), c.int64(1)};
}

}  // namespace pg::hub
