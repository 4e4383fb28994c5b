#include "app/outbox.hpp"

#include "app/crc32.hpp"
#include "pg/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace pg {
namespace {

constexpr std::uint32_t kBatchMagic = 0x424f4750;  // "PGOB"
constexpr std::uint32_t kAckMagic = 0x4b414750;    // "PGAK"
constexpr std::uint32_t kFloorMagic = 0x4c464750;  // "PGFL": opens a segment
constexpr std::size_t kHeader = 12;                // magic, body length, crc

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

void put_u32(std::vector<std::uint8_t>& v, std::uint32_t x) {
    for (int i = 0; i < 4; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
}
void put_u64(std::vector<std::uint8_t>& v, std::uint64_t x) {
    for (int i = 0; i < 8; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
}
std::uint64_t get_le(const std::uint8_t* p, int n) {
    std::uint64_t x = 0;
    for (int i = n - 1; i >= 0; --i) x = (x << 8) | p[i];
    return x;
}

void pwrite_all(int fd, const std::uint8_t* data, std::size_t n, std::uint64_t off, const std::string& what) {
    while (n > 0) {
        ssize_t w = ::pwrite(fd, data, n, static_cast<off_t>(off));
        if (w < 0) {
            if (errno == EINTR) continue;
            throw_errno(what);
        }
        data += w;
        n -= static_cast<std::size_t>(w);
        off += static_cast<std::uint64_t>(w);
    }
}

}  // namespace

Outbox::Outbox(OutboxOptions options) : opt_(std::move(options)) {
    opt_.segment_bytes = std::max<std::uint64_t>(opt_.segment_bytes, 4096);
    opt_.max_bytes = std::max(opt_.max_bytes, 2 * opt_.segment_bytes);
    std::error_code ec;
    std::filesystem::create_directories(opt_.dir, ec);
    if (ec) throw std::system_error(ec, "cannot create outbox directory " + opt_.dir.string());
    recover();
    if (segments_.empty()) open_new_segment();
}

Outbox::~Outbox() {
    for (auto& s : segments_)
        if (s.fd >= 0) ::close(s.fd);
}

std::filesystem::path Outbox::segment_path(std::uint64_t id) const {
    char name[32];
    std::snprintf(name, sizeof name, "seg-%012llu.log", static_cast<unsigned long long>(id));
    return opt_.dir / name;
}

void Outbox::recover() {
    std::vector<std::uint64_t> ids;
    for (const auto& e : std::filesystem::directory_iterator(opt_.dir)) {
        auto n = e.path().filename().string();
        if (n.size() == 20 && n.starts_with("seg-") && n.ends_with(".log"))
            ids.push_back(std::stoull(n.substr(4, 12)));
    }
    std::sort(ids.begin(), ids.end());
    for (auto id : ids) {
        Segment s;
        s.id = id;
        s.fd = ::open(segment_path(id).c_str(), O_RDWR | O_CLOEXEC);
        if (s.fd < 0) throw_errno("cannot open " + segment_path(id).string());
        read_segment(s);
        segments_.push_back(s);
    }
    // Acks recorded after a batch was dropped or superseded may leave entries
    // at or below the watermark: they are done.
    for (auto it = entries_.begin(); it != entries_.end() && it->first <= watermark_;) it = entries_.erase(it);
    if (!entries_.empty() || watermark_)
        log::info("outbox", entries_.size(), " unacknowledged batches recovered from ", opt_.dir.string());
}

void Outbox::read_segment(Segment& s) {
    std::uint64_t off = 0;
    std::vector<std::uint8_t> header(kHeader), body;
    for (;;) {
        if (off + kHeader > opt_.segment_bytes) break;
        if (::pread(s.fd, header.data(), kHeader, static_cast<off_t>(off)) != static_cast<ssize_t>(kHeader)) break;
        auto magic = static_cast<std::uint32_t>(get_le(header.data(), 4));
        auto len = static_cast<std::uint32_t>(get_le(header.data() + 4, 4));
        auto crc = static_cast<std::uint32_t>(get_le(header.data() + 8, 4));
        if (magic != kBatchMagic && magic != kAckMagic && magic != kFloorMagic) break;  // zeros: the end
        if (len > opt_.segment_bytes || off + kHeader + len > opt_.segment_bytes) break;
        body.resize(len);
        if (::pread(s.fd, body.data(), len, static_cast<off_t>(off + kHeader)) != static_cast<ssize_t>(len)) break;
        if (crc32(body) != crc) {
            log::warn("outbox", segment_path(s.id).string(), ": torn record at byte ", off, " ignored");
            break;
        }
        if (magic == kAckMagic && len == 8) {
            watermark_ = std::max(watermark_, get_le(body.data(), 8));
        } else if (magic == kFloorMagic && len == 16) {
            max_seq_ = std::max(max_seq_, get_le(body.data(), 8));
            watermark_ = std::max(watermark_, get_le(body.data() + 8, 8));
        } else if (magic == kBatchMagic && len >= 12) {
            OutboxEntry e;
            e.seq = get_le(body.data(), 8);
            e.samples = static_cast<std::uint32_t>(get_le(body.data() + 8, 4));
            e.payload.assign(body.begin() + 12, body.end());
            s.max_seq = std::max(s.max_seq, e.seq);
            max_seq_ = std::max(max_seq_, e.seq);
            entries_[e.seq] = std::move(e);
        }
        off += kHeader + len;
    }
    s.offset = off;
}

Outbox::Segment& Outbox::open_new_segment() {
    Segment s;
    s.id = segments_.empty() ? 1 : segments_.back().id + 1;
    auto path = segment_path(s.id);
    s.fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (s.fd < 0) throw_errno("cannot create " + path.string());
    // Real zeros, not a sparse or unwritten extent: later appends then change
    // data blocks only.
    std::vector<std::uint8_t> zeros(64 * 1024, 0);
    for (std::uint64_t off = 0; off < opt_.segment_bytes; off += zeros.size())
        pwrite_all(s.fd, zeros.data(), std::min<std::uint64_t>(zeros.size(), opt_.segment_bytes - off), off,
                   "cannot write " + path.string());
    if (opt_.sync && ::fsync(s.fd) != 0) throw_errno("cannot sync " + path.string());
    segments_.push_back(s);
    // Each segment opens with the highest seq used so far (synced), so the
    // numbering survives the deletion of every older segment, even across a
    // power cut.
    std::vector<std::uint8_t> body;
    put_u64(body, max_seq_);
    put_u64(body, watermark_);
    write_record(kFloorMagic, body, opt_.sync);
    return segments_.back();
}

void Outbox::write_record(std::uint32_t magic, std::span<const std::uint8_t> body, bool sync) {
    Segment* s = &segments_.back();
    if (s->offset + kHeader + body.size() > opt_.segment_bytes) s = &open_new_segment();
    std::vector<std::uint8_t> rec;
    rec.reserve(kHeader + body.size());
    put_u32(rec, magic);
    put_u32(rec, static_cast<std::uint32_t>(body.size()));
    put_u32(rec, crc32(body));
    rec.insert(rec.end(), body.begin(), body.end());
    pwrite_all(s->fd, rec.data(), rec.size(), s->offset, "cannot write the outbox");
    if (sync && ::fdatasync(s->fd) != 0) throw_errno("cannot sync the outbox");
    s->offset += rec.size();
}

std::uint64_t Outbox::next_seq() const { return std::max(max_seq_, watermark_) + 1; }

std::uint64_t Outbox::disk_bytes() const { return segments_.size() * opt_.segment_bytes; }

std::uint32_t Outbox::append(std::uint64_t seq, std::uint32_t samples, std::span<const std::uint8_t> payload) {
    if (kHeader + 12 + payload.size() + kHeader + 8 > opt_.segment_bytes)
        throw std::length_error("batch of " + std::to_string(payload.size()) + " bytes exceeds an outbox segment");
    std::uint32_t dropped = 0;
    // A record that needs a new segment must fit the budget with it.
    const bool rolls = segments_.back().offset + kHeader + 12 + payload.size() > opt_.segment_bytes;
    while (rolls && (segments_.size() + 1) * opt_.segment_bytes > opt_.max_bytes && segments_.size() > 1)
        dropped += drop_oldest_segment();
    std::vector<std::uint8_t> body;
    body.reserve(12 + payload.size());
    put_u64(body, seq);
    put_u32(body, samples);
    body.insert(body.end(), payload.begin(), payload.end());
    write_record(kBatchMagic, body, opt_.sync);
    segments_.back().max_seq = std::max(segments_.back().max_seq, seq);
    max_seq_ = std::max(max_seq_, seq);
    entries_[seq] = OutboxEntry{seq, samples, {payload.begin(), payload.end()}};
    return dropped;
}

std::uint32_t Outbox::drop_oldest_segment() {
    Segment s = segments_.front();
    std::uint32_t dropped = 0;
    for (auto it = entries_.begin(); it != entries_.end() && it->first <= s.max_seq;) {
        dropped += it->second.samples;
        it = entries_.erase(it);
    }
    watermark_ = std::max(watermark_, s.max_seq);
    ::close(s.fd);
    std::filesystem::remove(segment_path(s.id));
    segments_.erase(segments_.begin());
    if (dropped) log::warn("outbox", "full: dropped ", dropped, " unsent samples (oldest first)");
    advance_watermark();
    return dropped;
}

void Outbox::ack(std::uint64_t seq) {
    if (seq <= watermark_ || !entries_.count(seq)) return;
    entries_.erase(seq);
    acked_ahead_[seq] = true;
    const auto before = watermark_;
    advance_watermark();
    if (watermark_ != before) {
        std::vector<std::uint8_t> body;
        put_u64(body, watermark_);
        write_record(kAckMagic, body, false);
        delete_finished_segments();
    }
}

void Outbox::advance_watermark() {
    // The watermark moves over every seq that is acknowledged or no longer held.
    for (;;) {
        const std::uint64_t next = watermark_ + 1;
        if (acked_ahead_.count(next)) {
            acked_ahead_.erase(next);
            watermark_ = next;
        } else if (next <= max_seq_ && !entries_.count(next)) {
            watermark_ = next;  // a seq this outbox never held (dropped, or before a restart)
        } else {
            break;
        }
    }
    acked_ahead_.erase(acked_ahead_.begin(), acked_ahead_.upper_bound(watermark_));
}

void Outbox::delete_finished_segments() {
    while (segments_.size() > 1 && segments_.front().max_seq <= watermark_) {
        ::close(segments_.front().fd);
        std::filesystem::remove(segment_path(segments_.front().id));
        segments_.erase(segments_.begin());
    }
}

std::vector<const OutboxEntry*> Outbox::unacked() const {
    std::vector<const OutboxEntry*> v;
    v.reserve(entries_.size());
    for (const auto& [seq, e] : entries_) v.push_back(&e);
    return v;
}

const OutboxEntry* Outbox::find(std::uint64_t seq) const {
    auto it = entries_.find(seq);
    return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace pg
