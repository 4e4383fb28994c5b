// The outbox after power cuts and rotting storage: torn, flipped, truncated and
// zero-filled records written into its real segment files. Every intact batch
// is kept, every lost sample counted once, and no number is handed out twice.
#include "app/outbox.hpp"
#include "app/outbox_record.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace pg;

namespace {

constexpr std::size_t kPayload = 100;
constexpr std::uint32_t kSamples = 10;

struct Dir {
    std::filesystem::path path;
    explicit Dir(const char* name)
        : path(std::filesystem::temp_directory_path() /
               (std::string("pg-outbox-damage-") + name + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path);
    }
    ~Dir() { std::filesystem::remove_all(path); }
    OutboxOptions options(std::uint64_t segment = 4096) const {
        OutboxOptions o;
        o.dir = path;
        o.segment_bytes = segment;
        o.max_bytes = 1 << 20;
        o.sync = false;  // the page cache outlives the process, which is all these tests end
        return o;
    }
    std::filesystem::path segment(int id) const {
        char name[32];
        std::snprintf(name, sizeof name, "seg-%012d.log", id);
        return path / name;
    }
};

std::vector<std::uint8_t> payload(std::uint64_t seq) {
    std::vector<std::uint8_t> p(kPayload);
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = static_cast<std::uint8_t>(seq * 31 + i + 1);
    return p;
}

// Batches 1..n in a fresh outbox of one 4 KiB segment: a floor, then the batches.
void fill(const Dir& d, std::uint64_t n) {
    Outbox o(d.options());
    for (std::uint64_t s = 1; s <= n; ++s) o.append(s, kSamples, payload(s));
}

std::size_t floor_size() { return outbox::encoded_size(outbox::Type::floor, 0); }
std::size_t batch_size() { return outbox::encoded_size(outbox::Type::batch, kPayload); }
std::size_t batch_at(std::uint64_t seq) { return floor_size() + (seq - 1) * batch_size(); }

void overwrite(const std::filesystem::path& file, std::size_t offset, const std::vector<std::uint8_t>& bytes) {
    int fd = ::open(file.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset)), static_cast<ssize_t>(bytes.size()));
    ::close(fd);
}

void flip_bit(const std::filesystem::path& file, std::size_t offset, int bit) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(static_cast<std::streamoff>(offset));
    char c = 0;
    f.get(c);
    c = static_cast<char>(c ^ (1 << bit));
    f.seekp(static_cast<std::streamoff>(offset));
    f.put(c);
}

std::vector<std::uint64_t> seqs(const Outbox& o) {
    std::vector<std::uint64_t> v;
    for (const auto* e : o.unacked()) v.push_back(e->seq);
    return v;
}

}  // namespace

TEST(OutboxDamage, ABatchTornMidWriteIsCountedAndItsNumberNeverReused) {
    Dir d("torn");
    fill(d, 3);
    // The power failed while batch 3 was written: its header made it, the end of
    // its payload did not (still the segment's zeros).
    overwrite(d.segment(1), batch_at(3) + batch_size() - 40, std::vector<std::uint8_t>(40, 0));
    {
        Outbox o(d.options());
        EXPECT_EQ(seqs(o), (std::vector<std::uint64_t>{1, 2}));
        EXPECT_EQ(o.unacked()[1]->payload, payload(2));
        EXPECT_EQ(o.next_seq(), 4u);  // 3 may have reached the card: never again
        EXPECT_TRUE(o.numbering_known());
        EXPECT_EQ(o.unreported_losses(), kSamples);
    }
    Outbox o(d.options());  // found once, counted once
    EXPECT_EQ(o.unreported_losses(), kSamples);
    o.append(4, kSamples, payload(4), o.unreported_losses());
    EXPECT_EQ(o.unreported_losses(), 0u);
    Outbox again(d.options());
    EXPECT_EQ(seqs(again), (std::vector<std::uint64_t>{1, 2, 4}));
    EXPECT_EQ(again.unreported_losses(), 0u);
    EXPECT_EQ(again.next_seq(), 5u);
}

TEST(OutboxDamage, GarbageWhereTheLastRecordWasSkipsItsNumberAndIsNotFoundAgain) {
    Dir d("garbage");
    fill(d, 3);
    // Not even the header of batch 3 is readable.
    std::vector<std::uint8_t> junk(batch_size());
    for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<std::uint8_t>(i * 37 + 11);
    overwrite(d.segment(1), batch_at(3), junk);
    {
        Outbox o(d.options());
        EXPECT_EQ(seqs(o), (std::vector<std::uint64_t>{1, 2}));
        EXPECT_EQ(o.next_seq(), 4u);           // 3 is skipped: it may have been a batch
        EXPECT_EQ(o.unreported_losses(), 0u);  // of a size nothing records any more
    }
    Outbox o(d.options());
    EXPECT_EQ(o.next_seq(), 4u);  // the garbage was covered: no second skip
    o.append(4, kSamples, payload(4));
    Outbox again(d.options());
    EXPECT_EQ(seqs(again), (std::vector<std::uint64_t>{1, 2, 4}));
}

TEST(OutboxDamage, AFlippedBitInAnOlderPayloadCostsThatBatchOnly) {
    Dir d("flip-body");
    fill(d, 5);
    flip_bit(d.segment(1), batch_at(2) + batch_size() - 10, 3);
    Outbox o(d.options());
    EXPECT_EQ(seqs(o), (std::vector<std::uint64_t>{1, 3, 4, 5}));
    EXPECT_EQ(o.unreported_losses(), kSamples);
    EXPECT_EQ(o.next_seq(), 6u);
}

TEST(OutboxDamage, AFlippedBitInAnOlderHeaderIsCountedFromItsNeighbours) {
    Dir d("flip-header");
    {
        Outbox o(d.options());
        // Batches of different sizes, so the count cannot come out right by luck.
        for (std::uint64_t s = 1; s <= 5; ++s) o.append(s, static_cast<std::uint32_t>(s * 3), payload(s));
    }
    flip_bit(d.segment(1), batch_at(3) + 9, 0);  // the length field of batch 3
    Outbox o(d.options());
    EXPECT_EQ(seqs(o), (std::vector<std::uint64_t>{1, 2, 4, 5}));
    EXPECT_EQ(o.unreported_losses(), 9u);  // batch 3 held 3 * 3 samples
    Outbox again(d.options());
    EXPECT_EQ(again.unreported_losses(), 9u);  // still there, still counted once
}

TEST(OutboxDamage, AZeroFilledStretchLosesOnlyTheBatchesOnIt) {
    Dir d("zeros");
    fill(d, 6);
    // A file system that zero-filled blocks after a crash: batches 2 and 3.
    overwrite(d.segment(1), batch_at(2), std::vector<std::uint8_t>(2 * batch_size(), 0));
    Outbox o(d.options());
    EXPECT_EQ(seqs(o), (std::vector<std::uint64_t>{1, 4, 5, 6}));
    EXPECT_EQ(o.unreported_losses(), 2 * kSamples);
    EXPECT_EQ(o.next_seq(), 7u);
}

TEST(OutboxDamage, AZeroFilledTailLosesTheTornBatchOnly) {
    Dir d("zero-tail");
    fill(d, 4);
    // Batch 4's header survived; from its middle on the card holds zeros.
    const std::size_t keep = 60;
    overwrite(d.segment(1), batch_at(4) + keep, std::vector<std::uint8_t>(batch_size() - keep, 0));
    Outbox o(d.options());
    EXPECT_EQ(seqs(o), (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_EQ(o.unreported_losses(), kSamples);
    EXPECT_EQ(o.next_seq(), 5u);
}

TEST(OutboxDamage, AnOlderSegmentCutShortIsCountedFromTheNextOnesFloor) {
    Dir d("truncated-old");
    std::uint64_t last = 0;
    {
        Outbox o(d.options());
        // Three segments' worth of batches.
        for (last = 1; std::filesystem::exists(d.segment(3)) == false; ++last) o.append(last, kSamples, payload(last));
        o.append(last, kSamples, payload(last));
    }
    const auto before = [&] {
        Outbox o(d.options());
        return seqs(o);
    }();
    ASSERT_EQ(before.size(), last);
    std::filesystem::resize_file(d.segment(1), 1024);  // cut in the middle of a record
    Outbox o(d.options());
    const auto after = seqs(o);
    const std::uint64_t lost_batches = before.size() - after.size();
    EXPECT_GT(lost_batches, 5u);
    EXPECT_EQ(o.unreported_losses(), lost_batches * kSamples);
    EXPECT_TRUE(o.numbering_known());
    EXPECT_EQ(o.next_seq(), last + 1);
}

TEST(OutboxDamage, TheNewestSegmentCutShortMovesTheNumberingToANewStream) {
    Dir d("truncated-new");
    fill(d, 8);
    std::filesystem::resize_file(d.segment(1), batch_at(6) + 30);
    Outbox o(d.options());
    EXPECT_EQ(seqs(o), (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
    EXPECT_FALSE(o.numbering_known());  // who knows how far it went
    EXPECT_GE(o.next_seq(), 7u);
    o.append(o.next_seq(), kSamples, payload(9));  // into a new segment, not the short one
    Outbox again(d.options());
    EXPECT_EQ(again.depth(), 6u);
}

TEST(OutboxDamage, NoReadableRecordAtAllMeansTheNumberingIsUnknown) {
    Dir d("unreadable");
    fill(d, 3);
    overwrite(d.segment(1), 0, std::vector<std::uint8_t>(4096, 0x5a));
    Outbox o(d.options());
    EXPECT_EQ(o.depth(), 0u);
    EXPECT_FALSE(o.numbering_known());
}

TEST(OutboxDamage, ANewOutboxDoesNotVouchForAnyNumbering) {
    Dir d("fresh");
    {
        Outbox o(d.options());
        EXPECT_FALSE(o.numbering_known());
    }
    Outbox o(d.options());
    EXPECT_TRUE(o.numbering_known());
}

TEST(OutboxDamage, RecordsOfTheEarlierFormatAreRead) {
    Dir d("format1");
    std::filesystem::create_directories(d.path);
    // Format 1: magic, body length, body crc32, body.
    auto v1 = [](std::uint32_t magic, const std::vector<std::uint8_t>& body) {
        std::vector<std::uint8_t> r;
        auto put = [&r](std::uint64_t x, int n) {
            for (int i = 0; i < n; ++i) r.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
        };
        std::uint32_t crc = 0xffffffffu;
        for (auto b : body) {
            crc ^= b;
            for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
        put(magic, 4);
        put(body.size(), 4);
        put(~crc, 4);
        r.insert(r.end(), body.begin(), body.end());
        return r;
    };
    auto le = [](std::uint64_t x, int n) {
        std::vector<std::uint8_t> v;
        for (int i = 0; i < n; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
        return v;
    };
    std::vector<std::uint8_t> seg(4096, 0), floor = le(7, 8), batch = le(8, 8);
    auto w = le(7, 8);
    floor.insert(floor.end(), w.begin(), w.end());
    auto n = le(kSamples, 4);
    batch.insert(batch.end(), n.begin(), n.end());
    auto p = payload(8);
    batch.insert(batch.end(), p.begin(), p.end());
    auto r1 = v1(0x4c464750, floor), r2 = v1(0x424f4750, batch);
    std::copy(r1.begin(), r1.end(), seg.begin());
    std::copy(r2.begin(), r2.end(), seg.begin() + static_cast<std::ptrdiff_t>(r1.size()));
    std::ofstream(d.segment(1), std::ios::binary).write(reinterpret_cast<const char*>(seg.data()),
                                                         static_cast<std::streamsize>(seg.size()));
    Outbox o(d.options());
    EXPECT_EQ(seqs(o), (std::vector<std::uint64_t>{8}));
    EXPECT_EQ(o.unacked()[0]->payload, payload(8));
    EXPECT_EQ(o.next_seq(), 9u);
    EXPECT_TRUE(o.numbering_known());
    EXPECT_EQ(o.unreported_losses(), 0u);
}
