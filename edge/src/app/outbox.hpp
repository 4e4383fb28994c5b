#pragma once

#include "app/outbox_recovery.hpp"

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

using OutboxEntry = outbox::Entry;

// The edge's on-disk outbox: every batch stays here until the broker has
// acknowledged it, across broker outages, process crashes and power loss.
//
// An append-only log in fixed-size segment files (records: outbox_record.hpp).
// A segment is filled with zeros when created, so appending a batch rewrites
// data blocks in place and one fdatasync per batch (every 10 s) touches no
// file-system metadata: small write amplification for an SD card.
// Acknowledgements are appended unsynced — losing one only means a harmless
// resend, as the hub stores (device, stream, seq) once.
//
// Nothing is lost silently. The outbox keeps a ledger of lost samples (dropped
// oldest-first when full, or on records that recovery found damaged) in its
// records, and each batch says how much of it it reports: after any crash the
// next batch still carries whatever was not yet announced. Recovery keeps every
// intact record, resumes after a damaged one, counts what the damage took from
// the running sample counts around it, and never hands out a sequence number
// that may have reached the card.
class Outbox {
public:
    explicit Outbox(OutboxOptions options);  // recovers what is on disk
    ~Outbox();
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    // The first sequence number never used by this outbox: batches survive
    // restarts, so numbering continues without repeats.
    std::uint64_t next_seq() const;
    // False when damage may have hidden higher numbers than next_seq() knows
    // (or there was no outbox): the numbering then needs a new stream.
    bool numbering_known() const { return numbering_known_; }

    // Stores a batch durably. `reports` is how many of unreported_losses() its
    // drop counter carries. Returns the samples lost now to stay within
    // max_bytes or the disk (0 normally); they are reported by a later batch.
    // Without room even after dropping the rest the batch itself is lost
    // (counted) and not published: nothing the card does not hold goes out.
    std::uint32_t append(std::uint64_t seq, std::uint32_t samples, std::span<const std::uint8_t> payload,
                         std::uint64_t reports = 0);
    void ack(std::uint64_t seq);
    // Records samples lost before they reached a batch (clock gate), durably.
    void record_loss(std::uint64_t samples);
    // Lost samples no batch has announced yet: the next batch's drop counter.
    std::uint64_t unreported_losses() const { return lost_ - reported_; }
    // Batches recovery found lost (counted or not): numbers the hub will see
    // missing once any later batch reaches it.
    std::size_t batches_lost_at_start() const { return batches_lost_at_start_; }

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
    void record_new_losses(outbox::Recovered& r);
    bool open_new_segment();
    bool create_segment(std::uint64_t id);
    // Writes at the end of the newest segment; false if it has no room (rolls
    // to a new segment when `roll`) or the write failed.
    bool write_record(const outbox::Record& r, bool sync, bool may_use_reserve, bool roll);
    // Adds to the ledger and records it (synced); `cover` pads the record over
    // damaged bytes; `roll` may start a new segment for it.
    void write_loss(std::uint64_t first, std::uint64_t last, std::uint64_t samples, std::size_t cover, bool roll);
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
    std::uint64_t produced_ = 0;    // samples in every batch numbered so far
    std::uint64_t lost_ = 0;        // the ledger: samples lost ...
    std::uint64_t reported_ = 0;    // ... and how many of them batches announced
    std::uint64_t next_segment_id_ = 1;
    bool numbering_known_ = true;
    std::size_t batches_lost_at_start_ = 0;
};

}  // namespace pg
