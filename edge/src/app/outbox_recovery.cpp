#include "app/outbox_recovery.hpp"

#include <algorithm>
#include <cerrno>
#include <system_error>
#include <fstream>
#include <optional>

namespace pg::outbox {
namespace {

// What a batch record (intact or with a torn body) or a floor says about the
// running sample count: before seq `seq` there were `before` samples; through
// it, `after`. A floor knows only the "through" side.
struct Count {
    std::uint64_t seq = 0;
    std::optional<std::uint64_t> before;
    std::uint64_t after = 0;
};

std::vector<std::uint8_t> read_all(const std::filesystem::path& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw std::system_error(ec, "cannot read " + path.string());
    std::vector<std::uint8_t> data(static_cast<std::size_t>(size));
    std::ifstream in(path, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size())))
        throw std::system_error(errno, std::generic_category(), "cannot read " + path.string());
    return data;
}

class Reader {
public:
    Reader(Recovered& out, std::uint64_t segment_bytes) : out_(out), segment_bytes_(segment_bytes) {}

    // Reads one segment; the last one read decides about the end of the log.
    void segment(std::uint64_t id, const std::filesystem::path& path) {
        const std::vector<std::uint8_t> data = read_all(path);
        const std::span<const std::uint8_t> bytes(data);
        Recovered::Segment seg;
        seg.id = id;
        const std::string name = path.filename().string();
        tail_.clear();
        truncated_.clear();
        std::size_t pos = 0;
        while (pos < bytes.size()) {
            const Parsed p = parse(bytes, pos);
            if (p.kind == Parsed::Kind::record) {
                if (pos == 0 && p.record.type == Type::floor) seg.writable = true;
                apply(p.record, seg);
                pos += p.size;
                continue;
            }
            if (p.kind == Parsed::Kind::torn_body) {
                torn(p.record, seg, name + " byte " + std::to_string(pos));
                pos = std::min(pos + p.size, bytes.size());
                continue;
            }
            if (auto next = next_intact(bytes, pos)) {
                damaged_.push_back(name + " bytes " + std::to_string(pos) + "-" + std::to_string(*next - 1));
                pos = *next;
                continue;
            }
            // No record after this point: zeros are the unwritten rest, anything
            // else is a record the power cut (or worse) left unreadable.
            std::size_t end = bytes.size();
            while (end > pos && bytes[end - 1] == 0) --end;
            if (end > pos) {
                tail_ = name + " bytes " + std::to_string(pos) + "-" + std::to_string(end - 1);
                damaged_.push_back(tail_);
            }
            seg.cover_to = end;
            break;
        }
        seg.append_at = std::min(pos, bytes.size());
        seg.cover_to = std::max(seg.cover_to, seg.append_at);
        if (bytes.size() < segment_bytes_) {
            seg.writable = false;
            // Cut short: whatever stood after the cut is gone without a trace.
            truncated_ = name + " is " + std::to_string(bytes.size()) + " bytes long instead of " +
                         std::to_string(segment_bytes_);
            damaged_.push_back(truncated_);
        }
        out_.segments.push_back(seg);
    }

    void finish() {
        // Ranges recorded as lost stay lost, even if some of their batches are
        // still on disk (a drop interrupted before it deleted the segment).
        for (const auto& l : losses_)
            for (auto it = out_.entries.lower_bound(l.first); it != out_.entries.end() && it->first <= l.last;)
                it = out_.entries.erase(it);
        for (auto it = out_.entries.begin(); it != out_.entries.end() && it->first <= out_.watermark;)
            it = out_.entries.erase(it);
        find_holes();
        for (auto& t : torn_)
            if (!covered(t.first, t.last) && t.first > out_.watermark) out_.new_losses.push_back(t);
        if (!tail_.empty()) {
            // Not even a header left: if it was a batch, it had the next number.
            const std::uint64_t seq = out_.max_seq + 1;
            out_.new_losses.push_back({seq, seq, 0, tail_ + " unreadable; if it held batch " + std::to_string(seq) +
                                                        ", its samples are unknown"});
            out_.max_seq = seq;
        }
        if (!truncated_.empty()) {
            // Nothing says how high the numbering went after the cut.
            out_.numbering_known = false;
            out_.new_losses.push_back({0, 0, 0, truncated_ + ": whatever stood after the cut is lost, uncounted"});
        }
        if (!out_.segments.empty() && !any_record_) out_.numbering_known = false;
    }

private:
    void apply(const Record& r, Recovered::Segment& seg) {
        any_record_ = true;
        switch (r.type) {
            case Type::batch:
                out_.entries[r.a] = Entry{r.a, static_cast<std::uint32_t>(r.b), r.body};
                seg.max_seq = std::max(seg.max_seq, r.a);
                out_.max_seq = std::max(out_.max_seq, r.a);
                if (!r.legacy) {
                    counts_.push_back({r.a, r.c, r.c + r.b});
                    out_.produced = std::max(out_.produced, r.c + r.b);
                    out_.reported = std::max(out_.reported, r.d);
                }
                break;
            case Type::ack:
                out_.watermark = std::max(out_.watermark, r.a);
                break;
            case Type::floor:
                out_.max_seq = std::max(out_.max_seq, r.a);
                out_.watermark = std::max(out_.watermark, r.b);
                if (!r.legacy) {
                    counts_.push_back({r.a, std::nullopt, r.c});
                    out_.produced = std::max(out_.produced, r.c);
                    out_.lost = std::max(out_.lost, r.d);
                    out_.reported = std::max(out_.reported, r.e);
                }
                if (!log_start_) log_start_ = r.a;
                break;
            case Type::loss:
                losses_.push_back({r.a, r.b, r.c, {}});
                out_.max_seq = std::max(out_.max_seq, r.b);
                out_.lost = std::max(out_.lost, r.d);
                break;
        }
        if (!log_start_ && r.type == Type::batch) log_start_ = r.a - 1;
    }

    void torn(const Record& header, Recovered::Segment& seg, const std::string& where) {
        any_record_ = true;
        if (header.type != Type::batch) {
            apply(header, seg);  // only padding was in the body
            return;
        }
        seg.max_seq = std::max(seg.max_seq, header.a);
        out_.max_seq = std::max(out_.max_seq, header.a);
        counts_.push_back({header.a, header.c, header.c + header.b});
        out_.produced = std::max(out_.produced, header.c + header.b);
        out_.reported = std::max(out_.reported, header.d);
        torn_.push_back({header.a, header.a, header.b,
                         where + ": batch " + std::to_string(header.a) + " torn, its " + std::to_string(header.b) +
                             " samples lost"});
        if (!log_start_) log_start_ = header.a - 1;
    }

    bool covered(std::uint64_t first, std::uint64_t last) const {
        std::uint64_t seqs = 0;
        for (const auto& l : losses_)
            if (l.last != 0 && first <= l.last && l.first <= last)
                seqs += std::min(last, l.last) - std::max(first, l.first) + 1;
        return seqs >= last - first + 1;
    }
    // Samples of losses recorded earlier within first..last: already counted.
    std::uint64_t recorded_within(std::uint64_t first, std::uint64_t last) const {
        std::uint64_t n = 0;
        for (const auto& l : losses_)
            if (l.last != 0 && first <= l.first && l.last <= last) n += l.samples;
        return n;
    }

    // Seqs that no record holds any more, above the watermark and after the
    // start of what is on disk, were on damaged bytes: their samples are the
    // difference of the running counts around them.
    void find_holes() {
        // A floor after the batch with its seq: it adds nothing to that batch.
        std::sort(counts_.begin(), counts_.end(), [](const Count& x, const Count& y) {
            return x.seq != y.seq ? x.seq < y.seq : x.before.has_value() > y.before.has_value();
        });
        const Count* prev = nullptr;
        for (const auto& c : counts_) {
            if (prev && c.seq > prev->seq) {
                const std::uint64_t first = prev->seq + 1;
                const std::uint64_t last = c.before ? c.seq - 1 : c.seq;
                const std::uint64_t upto = c.before ? *c.before : c.after;
                const bool on_disk = first > out_.watermark && (!log_start_ || first > *log_start_);
                if (first <= last && on_disk && !covered(first, last) && upto >= prev->after) {
                    const std::uint64_t n = upto - prev->after - std::min(upto - prev->after, recorded_within(first, last));
                    out_.new_losses.push_back({first, last, n,
                                               "batches " + std::to_string(first) + "-" + std::to_string(last) +
                                                   " unreadable (" + damage_list() + ")"});
                }
            }
            if (!prev || c.seq >= prev->seq) prev = &c;
        }
    }

    std::string damage_list() const {
        std::string s;
        for (const auto& d : damaged_) s += (s.empty() ? "" : ", ") + d;
        return s.empty() ? "records missing" : s;
    }

    Recovered& out_;
    std::uint64_t segment_bytes_;
    std::vector<Count> counts_;
    std::vector<Loss> losses_;  // recorded earlier
    std::vector<Loss> torn_;
    std::vector<std::string> damaged_;
    std::string tail_;       // unreadable bytes at the end of the segment read last
    std::string truncated_;  // the segment read last is cut short
    std::optional<std::uint64_t> log_start_;  // seqs up to here went with deleted segments
    bool any_record_ = false;
};

}  // namespace

Recovered recover(const std::map<std::uint64_t, std::filesystem::path>& files, std::uint64_t segment_bytes) {
    Recovered out;
    Reader reader(out, segment_bytes);
    for (const auto& [id, path] : files) reader.segment(id, path);
    reader.finish();
    return out;
}

}  // namespace pg::outbox
