// The outbox on a real file system that fills up (a small tmpfs): it drops
// oldest-first, counts every sample it gives up, never throws, and grows again
// by itself once there is room.
#include "app/outbox.hpp"
#include "small_disk.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>

using namespace pg;

namespace {

constexpr std::uint64_t kSegment = 16 * 1024;

std::filesystem::path mount_point(const char* name) {
    return std::filesystem::temp_directory_path() / (std::string("pg-disk-full-") + name + "-" + std::to_string(::getpid()));
}

OutboxOptions options(const std::filesystem::path& dir) {
    OutboxOptions o;
    o.dir = dir / "outbox";
    o.segment_bytes = kSegment;
    o.max_bytes = 64 * kSegment;  // the budget would allow far more than the disk holds
    o.sync = true;
    return o;
}

std::vector<std::uint8_t> payload(std::uint64_t seq) { return std::vector<std::uint8_t>(150, static_cast<std::uint8_t>(seq)); }

}  // namespace

TEST(OutboxDiskFull, DropsOldestFirstCountsEverythingAndRecoversWhenSpaceReturns) {
    test::SmallDisk disk(mount_point("cycle"), 4 * kSegment);
    if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << disk.error();
    std::uint64_t dropped = 0, seq = 1;
    Outbox o(options(disk.dir()));
    // Far more than four segments' worth: the disk fills, the outbox keeps going.
    for (; seq <= 600; ++seq) dropped += o.append(seq, 10, payload(seq));
    EXPECT_GT(dropped, 0u);
    EXPECT_EQ(o.depth() * 10 + dropped, 600u * 10);  // kept + dropped = produced
    EXPECT_EQ(o.unacked().back()->seq, 600u);         // the newest are kept
    EXPECT_EQ(o.unreported_losses(), dropped);
    const auto held_when_full = o.disk_bytes();
    // Someone frees space (or the card is swapped for a bigger one): no more drops.
    ASSERT_TRUE(disk.resize(32 * kSegment));
    std::uint64_t dropped_after = 0;
    for (std::uint64_t n = 0; n < 300; ++n, ++seq) dropped_after += o.append(seq, 10, payload(seq));
    EXPECT_EQ(dropped_after, 0u);
    EXPECT_GT(o.disk_bytes(), held_when_full);
    // And it all survives a restart.
    const auto depth = o.depth();
    Outbox again(options(disk.dir()));
    EXPECT_EQ(again.depth(), depth);
    EXPECT_EQ(again.unreported_losses(), dropped);
    EXPECT_EQ(again.next_seq(), seq);
}

TEST(OutboxDiskFull, WithRoomForNoSecondSegmentTheOldestGoesAndStillNothingThrows) {
    test::SmallDisk disk(mount_point("tiny"), kSegment + 8 * 1024);
    if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << disk.error();
    Outbox o(options(disk.dir()));
    std::uint64_t dropped = 0, acked = 0;
    for (std::uint64_t seq = 1; seq <= 300; ++seq) {
        dropped += o.append(seq, 10, payload(seq));
        // Acknowledgements keep arriving for batches still held.
        if (seq % 7 == 0 && o.find(seq - 3)) {
            o.ack(seq - 3);
            acked += 10;
        }
    }
    EXPECT_GT(dropped, 0u);
    EXPECT_EQ(o.depth() * 10 + dropped + acked, 300u * 10);
    EXPECT_EQ(o.unacked().back()->seq, 300u);
}

TEST(OutboxDiskFull, OtherFilesFillingTheDiskCostOnlyTheOldestBatches) {
    test::SmallDisk disk(mount_point("ballast"), 6 * kSegment);
    if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here: " << disk.error();
    Outbox o(options(disk.dir()));
    std::uint64_t seq = 1, dropped = 0;
    for (; seq <= 150; ++seq) dropped += o.append(seq, 10, payload(seq));
    ASSERT_EQ(dropped, 0u);
    // A log file eats the rest of the card.
    {
        std::ofstream ballast(disk.dir() / "ballast", std::ios::binary);
        std::vector<char> block(4096, 'x');
        for (int i = 0; i < 64 && ballast.write(block.data(), block.size()); ++i) ballast.flush();
    }
    for (std::uint64_t n = 0; n < 300; ++n, ++seq) dropped += o.append(seq, 10, payload(seq));
    EXPECT_GT(dropped, 0u);
    EXPECT_EQ(o.depth() * 10 + dropped, (seq - 1) * 10);
    std::filesystem::remove(disk.dir() / "ballast");
    std::uint64_t later = 0;
    for (std::uint64_t n = 0; n < 300; ++n, ++seq) later += o.append(seq, 10, payload(seq));
    EXPECT_EQ(later, 0u);
}
