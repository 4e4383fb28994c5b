#pragma once

#include "app/outbox_record.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace pg::outbox {

// A batch held in the outbox until the broker acknowledges it.
struct Entry {
    std::uint64_t seq = 0;
    std::uint32_t samples = 0;
    std::vector<std::uint8_t> payload;
};

// Batches lost for good: seqs first..last (0, 0 for samples lost before they
// were batched) holding `samples` samples. `samples` is 0 when unknowable (a
// record so damaged that not even its header survived at the end of the log).
struct Loss {
    std::uint64_t first = 0, last = 0;
    std::uint64_t samples = 0;
    std::string why;  // for the log: the segment, the offset and what was wrong
};

// Everything the segment files say, every record checked. Damage costs only the
// records it hit: recovery resumes at the next intact record, counts what lies
// between from the neighbours' running sample counts, and reports it as a loss.
struct Recovered {
    struct Segment {
        std::uint64_t id = 0;
        std::uint64_t append_at = 0;  // where the next record goes (meaningful for the last)
        std::uint64_t cover_to = 0;   // damaged bytes from append_at to here are to be overwritten
        std::uint64_t max_seq = 0;    // highest batch in it
        bool writable = false;        // full size and opens with an intact floor: appendable
    };
    std::vector<Segment> segments;          // oldest first
    std::map<std::uint64_t, Entry> entries;  // unacknowledged batches by seq
    std::uint64_t watermark = 0;  // every seq <= it acknowledged or dropped
    std::uint64_t max_seq = 0;    // highest seq that may have been used
    std::uint64_t produced = 0;   // samples in all batches numbered so far
    std::uint64_t lost = 0;       // samples lost, as recorded so far
    std::uint64_t reported = 0;   // of those, announced in a batch's drop counter
    std::vector<Loss> new_losses;  // found now: to be recorded and reported
    // False when damage may hide batches numbered above max_seq (the newest
    // segment cut short, or files without one readable record): then the
    // numbering must move to a new stream.
    bool numbering_known = true;
};

// Reads the segment files given (by id, oldest first), each `segment_bytes` long.
Recovered recover(const std::map<std::uint64_t, std::filesystem::path>& files, std::uint64_t segment_bytes);

}  // namespace pg::outbox
