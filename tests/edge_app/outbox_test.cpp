#include "app/outbox.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

using namespace pg;

namespace {

struct OutboxDir {
    std::filesystem::path path;
    explicit OutboxDir(const char* name)
        : path(std::filesystem::temp_directory_path() / (std::string("pg-outbox-") + name + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path);
    }
    ~OutboxDir() { std::filesystem::remove_all(path); }
    OutboxOptions options(std::uint64_t segment = 4096, std::uint64_t max = 1 << 20) const {
        OutboxOptions o;
        o.dir = path;
        o.segment_bytes = segment;
        o.max_bytes = max;
        o.sync = false;  // the page cache survives a process crash, which is what these tests simulate
        return o;
    }
};

std::vector<std::uint8_t> payload(std::uint64_t seq, std::size_t n = 100) {
    std::vector<std::uint8_t> p(n);
    for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<std::uint8_t>(seq * 31 + i);
    return p;
}

std::size_t segment_files(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) n += e.path().extension() == ".log";
    return n;
}

}  // namespace

TEST(Outbox, KeepsUnacknowledgedBatchesAcrossARestartInOrder) {
    OutboxDir d("restart");
    {
        Outbox o(d.options());
        EXPECT_EQ(o.next_seq(), 1u);
        for (std::uint64_t s = 1; s <= 5; ++s) o.append(s, 17, payload(s));
        o.ack(1);
        o.ack(3);  // out of order: 2 is still outstanding
        EXPECT_EQ(o.depth(), 3u);
        EXPECT_EQ(o.watermark(), 1u);
    }
    Outbox o(d.options());
    EXPECT_EQ(o.next_seq(), 6u);
    auto left = o.unacked();
    // Only the watermark is durable: 3 was acknowledged above it, so it goes out
    // again — harmless, the hub stores (device, stream, seq) once.
    ASSERT_EQ(left.size(), 4u);
    for (std::size_t i = 0; i < left.size(); ++i) EXPECT_EQ(left[i]->seq, i + 2);
    EXPECT_EQ(left[0]->payload, payload(2));
    EXPECT_EQ(left[3]->samples, 17u);
}

TEST(Outbox, NumberingSurvivesWhenEverythingWasAcknowledged) {
    OutboxDir d("numbering");
    {
        Outbox o(d.options());
        for (std::uint64_t s = 1; s <= 100; ++s) {
            o.append(s, 1, payload(s));
            o.ack(s);
        }
        EXPECT_EQ(o.depth(), 0u);
        EXPECT_LE(segment_files(d.path), 2u);  // finished segments are deleted
    }
    Outbox o(d.options());
    EXPECT_EQ(o.next_seq(), 101u);
    EXPECT_EQ(o.depth(), 0u);
}

TEST(Outbox, WhenFullItDropsTheOldestAndCountsTheirSamples) {
    OutboxDir d("full");
    Outbox o(d.options(4096, 4 * 4096));
    std::uint32_t dropped = 0;
    std::uint64_t s = 1;
    for (; s <= 200; ++s) dropped += o.append(s, 10, payload(s, 200));
    EXPECT_GT(dropped, 0u);
    EXPECT_EQ(dropped % 10, 0u);
    EXPECT_LE(o.disk_bytes(), 4u * 4096);
    // What is left plus what was dropped is exactly what went in.
    EXPECT_EQ(o.depth() * 10 + dropped, 200u * 10);
    // The newest batches are the ones kept.
    EXPECT_EQ(o.unacked().back()->seq, 200u);
    EXPECT_EQ(o.next_seq(), 201u);
    // No batch announced the drops: they wait in the ledger for the next one.
    EXPECT_EQ(o.unreported_losses(), dropped);
}

TEST(Outbox, TheLedgerOfLossesSurvivesACrashUntilABatchReportsThem) {
    OutboxDir d("ledger");
    std::uint32_t dropped = 0;
    {
        Outbox o(d.options(4096, 2 * 4096));
        for (std::uint64_t s = 1; s <= 60; ++s) dropped += o.append(s, 10, payload(s, 200));
        ASSERT_GT(dropped, 0u);
        o.record_loss(3);  // the clock gate gave up three samples
    }  // a crash before the next batch: nobody has heard of the drops yet
    std::uint32_t dropped_again = 0;
    {
        Outbox o(d.options(4096, 2 * 4096));
        EXPECT_EQ(o.unreported_losses(), dropped + 3u);
        // This batch announces them all (and may itself push out older ones).
        dropped_again = o.append(o.next_seq(), 10, payload(61, 200), o.unreported_losses());
        EXPECT_EQ(o.unreported_losses(), dropped_again);
    }
    Outbox o(d.options(4096, 2 * 4096));
    EXPECT_EQ(o.unreported_losses(), dropped_again);  // reported once, never again
}

TEST(Outbox, RefusesABatchLargerThanASegment) {
    OutboxDir d("large");
    Outbox o(d.options(4096));
    EXPECT_THROW(o.append(1, 1, payload(1, 5000)), std::length_error);
}
