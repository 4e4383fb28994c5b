#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <span>
#include <vector>

namespace pg {

struct OutboxOptions {
    std::filesystem::path dir;
    std::uint64_t max_bytes = 32ull << 20;     // disk budget; oldest batches go first
    std::uint64_t segment_bytes = 1ull << 20;  // written with zeros once, then overwritten
    bool sync = true;                          // fdatasync each batch (off only in tests/benchmarks)
};

struct OutboxEntry {
    std::uint64_t seq = 0;
    std::uint32_t samples = 0;
    std::vector<std::uint8_t> payload;
};

// The edge's on-disk outbox: every batch stays here until the broker has
// acknowledged it, across broker outages, process crashes and power loss.
//
// An append-only log in fixed-size segment files. A segment is filled with
// zeros when created, so appending a batch rewrites data blocks in place and
// one fdatasync per batch (every 10 s) touches no file-system metadata: small
// write amplification for an SD card. Acknowledgements are appended unsynced —
// losing one only means a harmless resend, as the hub stores (device, stream,
// seq) once. Records carry a CRC; recovery stops at the first torn record.
class Outbox {
public:
    explicit Outbox(OutboxOptions options);  // recovers what is on disk
    ~Outbox();
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    // The first sequence number never used by this outbox: batches survive
    // restarts, so numbering continues without repeats or gaps.
    std::uint64_t next_seq() const;

    // Stores a batch durably. Returns how many samples of older, unacknowledged
    // batches were dropped to stay within max_bytes (0 normally).
    std::uint32_t append(std::uint64_t seq, std::uint32_t samples, std::span<const std::uint8_t> payload);
    void ack(std::uint64_t seq);

    // Unacknowledged batches in sequence order (what to send after a restart).
    std::vector<const OutboxEntry*> unacked() const;
    const OutboxEntry* find(std::uint64_t seq) const;
    std::size_t depth() const { return entries_.size(); }
    std::uint64_t disk_bytes() const;
    std::uint64_t watermark() const { return watermark_; }

private:
    struct Segment {
        std::uint64_t id = 0;
        int fd = -1;
        std::uint64_t offset = 0;   // where the next record goes
        std::uint64_t max_seq = 0;  // highest batch in it
    };
    void recover();
    void read_segment(Segment& s);
    Segment& open_new_segment();
    void write_record(std::uint32_t magic, std::span<const std::uint8_t> body, bool sync);
    std::uint32_t drop_oldest_segment();
    void delete_finished_segments();
    void advance_watermark();
    std::filesystem::path segment_path(std::uint64_t id) const;

    OutboxOptions opt_;
    std::vector<Segment> segments_;  // oldest first; the last is written to
    std::map<std::uint64_t, OutboxEntry> entries_;  // unacknowledged, by seq
    std::map<std::uint64_t, bool> acked_ahead_;     // acked above the watermark
    std::uint64_t watermark_ = 0;   // every seq <= this is acknowledged or dropped
    std::uint64_t max_seq_ = 0;
};

}  // namespace pg
