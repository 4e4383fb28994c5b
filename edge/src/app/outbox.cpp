#include "app/outbox.hpp"

#include "pg/log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace pg {
namespace {

using outbox::Record;
using outbox::Type;

// Room every segment keeps at its end for ledger records, so a loss can be
// recorded even when the segment is full and the disk too.
constexpr std::uint64_t kReserve = 4 * 52;

void pwrite_all(int fd, const std::uint8_t* data, std::size_t n, std::uint64_t off) {
    while (n > 0) {
        ssize_t w = ::pwrite(fd, data, n, static_cast<off_t>(off));
        if (w < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "write");
        }
        data += w;
        n -= static_cast<std::size_t>(w);
        off += static_cast<std::uint64_t>(w);
    }
}

bool out_of_space(int err) { return err == ENOSPC || err == EDQUOT; }

}  // namespace

Outbox::Outbox(OutboxOptions options) : opt_(std::move(options)) {
    opt_.segment_bytes = std::max<std::uint64_t>(opt_.segment_bytes, 4096);
    opt_.max_bytes = std::max(opt_.max_bytes, 2 * opt_.segment_bytes);
    std::error_code ec;
    std::filesystem::create_directories(opt_.dir, ec);
    if (ec) throw std::system_error(ec, "cannot create outbox directory " + opt_.dir.string());
    recover();
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
    std::map<std::uint64_t, std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(opt_.dir)) {
        auto n = e.path().filename().string();
        if (n.size() == 20 && n.starts_with("seg-") && n.ends_with(".log"))
            files.emplace(std::stoull(n.substr(4, 12)), e.path());
    }
    outbox::Recovered r = outbox::recover(files, opt_.segment_bytes);
    for (const auto& rs : r.segments) {
        Segment s{rs.id, ::open(segment_path(rs.id).c_str(), O_RDWR | O_CLOEXEC), rs.append_at, rs.max_seq};
        if (s.fd < 0) throw std::system_error(errno, std::generic_category(), "cannot open " + segment_path(rs.id).string());
        segments_.push_back(s);
        next_segment_id_ = rs.id + 1;
    }
    entries_ = std::move(r.entries);
    watermark_ = r.watermark;
    max_seq_ = r.max_seq;
    produced_ = r.produced;
    lost_ = r.lost;
    reported_ = r.reported;
    // Nothing on disk vouches for the numbering of a new outbox either.
    numbering_known_ = r.numbering_known && !files.empty();
    if (!entries_.empty() || watermark_)
        log::info("outbox", entries_.size(), " unacknowledged batches recovered from ", opt_.dir.string());
    // Append only where the log is whole; otherwise start a segment whose floor
    // carries the numbering and the ledger on.
    if (segments_.empty() || !r.segments.back().writable) open_new_segment();
    record_new_losses(r);
}

void Outbox::record_new_losses(outbox::Recovered& r) {
    // The first record written covers the unreadable bytes at the end of the
    // log, so the next recovery does not find them again.
    std::size_t cover = 0;
    if (!r.segments.empty() && r.segments.back().writable && !segments_.empty() &&
        segments_.back().id == r.segments.back().id)
        cover = static_cast<std::size_t>(r.segments.back().cover_to - r.segments.back().append_at);
    for (const auto& loss : r.new_losses) {
        if (loss.samples > 0)
            log::warn("outbox", opt_.dir.string(), ": ", loss.why, "; ", loss.samples,
                      " samples lost, reported in the next batch");
        else
            log::warn("outbox", opt_.dir.string(), ": ", loss.why);
        if (loss.first == 0 && loss.samples == 0) continue;
        if (loss.last != 0) ++batches_lost_at_start_;
        write_loss(loss.first, loss.last, loss.samples, cover, true);
        cover = 0;
    }
}

bool Outbox::create_segment(std::uint64_t id) {
    const auto path = segment_path(id);
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return false;
    // Real zeros, not a sparse or unwritten extent: later appends then change
    // data blocks only.
    try {
        std::vector<std::uint8_t> zeros(64 * 1024, 0);
        for (std::uint64_t off = 0; off < opt_.segment_bytes; off += zeros.size())
            pwrite_all(fd, zeros.data(), std::min<std::uint64_t>(zeros.size(), opt_.segment_bytes - off), off);
        if (opt_.sync && ::fsync(fd) != 0) throw std::system_error(errno, std::generic_category(), "sync");
    } catch (const std::system_error& e) {
        const int err = e.code().value();
        ::close(fd);
        ::unlink(path.c_str());  // a short segment would read as damage
        errno = err;
        return false;
    }
    segments_.push_back({id, fd, 0, 0});
    next_segment_id_ = id + 1;
    // Each segment opens with the numbering and the ledger so far (synced), so
    // they survive the deletion of every older segment, even across a power cut.
    Record floor{Type::floor, max_seq_, watermark_, produced_, lost_, reported_, {}};
    if (write_record(floor, opt_.sync, true, false)) return true;
    ::close(fd);
    ::unlink(path.c_str());
    segments_.pop_back();
    errno = EIO;
    return false;
}

bool Outbox::open_new_segment() {
    for (;;) {
        if (create_segment(next_segment_id_)) return true;
        const int err = errno;
        if (!out_of_space(err) || segments_.empty()) {
            log::error("outbox", "cannot create ", segment_path(next_segment_id_).string(), ": ", std::strerror(err));
            return false;
        }
        // The disk is full: the oldest batches make room, as when the budget is.
        log::warn("outbox", "disk full (", std::strerror(err), "): dropping the oldest segment to make room");
        drop_oldest_segment();
    }
}

bool Outbox::write_record(const Record& r, bool sync, bool may_use_reserve, bool roll) {
    const auto bytes = outbox::encode(r);
    const std::uint64_t keep = may_use_reserve ? 0 : kReserve;
    if (segments_.empty() || segments_.back().offset + bytes.size() + keep > opt_.segment_bytes) {
        if (!roll || !open_new_segment()) return false;
        if (segments_.back().offset + bytes.size() + keep > opt_.segment_bytes) return false;
    }
    Segment& s = segments_.back();
    try {
        pwrite_all(s.fd, bytes.data(), bytes.size(), s.offset);
        if (sync && ::fdatasync(s.fd) != 0) throw std::system_error(errno, std::generic_category(), "sync");
    } catch (const std::system_error& e) {
        log::error("outbox", "cannot write ", segment_path(s.id).string(), ": ", e.code().message());
        return false;
    }
    s.offset += bytes.size();
    return true;
}

void Outbox::write_loss(std::uint64_t first, std::uint64_t last, std::uint64_t samples, std::size_t cover, bool roll) {
    lost_ += samples;
    Record loss{Type::loss, first, last, samples, lost_, 0, {}};
    const std::size_t head = outbox::encoded_size(Type::loss, 0);
    if (cover > head) loss.body.assign(cover - head, 0);
    max_seq_ = std::max(max_seq_, last);
    // Where it cannot be written, the next segment's floor carries the count.
    if (write_record(loss, opt_.sync, true, false)) return;
    loss.body.clear();  // damaged bytes it was to cover stay behind: the loss names them
    write_record(loss, opt_.sync, true, roll);
}

std::uint64_t Outbox::next_seq() const { return std::max(max_seq_, watermark_) + 1; }

std::uint64_t Outbox::disk_bytes() const { return segments_.size() * opt_.segment_bytes; }

std::uint32_t Outbox::append(std::uint64_t seq, std::uint32_t samples, std::span<const std::uint8_t> payload,
                             std::uint64_t reports) {
    const std::size_t size = outbox::encoded_size(Type::batch, payload.size());
    if (size + outbox::encoded_size(Type::floor, 0) + kReserve > opt_.segment_bytes)
        throw std::length_error("batch of " + std::to_string(payload.size()) + " bytes exceeds an outbox segment");
    const std::uint64_t lost_before = lost_;
    // A record that needs a new segment must fit the budget with it.
    const bool rolls = segments_.empty() || segments_.back().offset + size + kReserve > opt_.segment_bytes;
    while (rolls && (segments_.size() + 1) * opt_.segment_bytes > opt_.max_bytes && segments_.size() > 1)
        drop_oldest_segment();
    Record batch{Type::batch, seq, samples, produced_, reported_ + reports, 0, {payload.begin(), payload.end()}};
    const bool stored = write_record(batch, opt_.sync, false, true);
    produced_ += samples;
    max_seq_ = std::max(max_seq_, seq);
    if (!stored) {
        log::error("outbox", "batch ", seq, " could not be stored: its ", samples,
                   " samples are lost and reported later");
        write_loss(seq, seq, samples, 0, false);
    } else {
        reported_ += reports;
        segments_.back().max_seq = std::max(segments_.back().max_seq, seq);
        entries_[seq] = OutboxEntry{seq, samples, {payload.begin(), payload.end()}};
    }
    return static_cast<std::uint32_t>(lost_ - lost_before);
}

void Outbox::record_loss(std::uint64_t samples) {
    if (samples == 0) return;
    write_loss(0, 0, samples, 0, true);
}

std::uint32_t Outbox::drop_oldest_segment() {
    Segment s = segments_.front();
    std::uint64_t dropped = 0, first = 0, last = 0;
    for (auto it = entries_.begin(); it != entries_.end() && it->first <= s.max_seq;) {
        if (!first) first = it->first;
        last = it->first;
        dropped += it->second.samples;
        it = entries_.erase(it);
    }
    // Recorded, in another segment, before the batches are deleted.
    if (segments_.size() > 1) {
        write_loss(first, last, dropped, 0, false);
    } else {
        lost_ += dropped;  // the floor of the next segment records it
    }
    watermark_ = std::max(watermark_, s.max_seq);
    ::close(s.fd);
    std::error_code ec;
    std::filesystem::remove(segment_path(s.id), ec);
    segments_.erase(segments_.begin());
    if (dropped) log::warn("outbox", "full: dropped ", dropped, " unsent samples (oldest first)");
    advance_watermark();
    return static_cast<std::uint32_t>(dropped);
}

void Outbox::ack(std::uint64_t seq) {
    if (seq <= watermark_ || !entries_.count(seq)) return;
    entries_.erase(seq);
    acked_ahead_[seq] = true;
    const auto before = watermark_;
    advance_watermark();
    if (watermark_ != before) {
        // Best effort: a lost acknowledgement only means a resend.
        write_record(Record{Type::ack, watermark_, 0, 0, 0, 0, {}}, false, false, false);
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
        std::error_code ec;
        std::filesystem::remove(segment_path(segments_.front().id), ec);
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
