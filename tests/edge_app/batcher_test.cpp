#include "app/batcher.hpp"
#include "app/sequence_store.hpp"

#include <gtest/gtest.h>

#include <filesystem>

using namespace pg;
using namespace std::chrono_literals;

namespace {
struct TmpDir {
    std::filesystem::path path = std::filesystem::temp_directory_path() /
                                 ("pg-batcher-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                  "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    TmpDir() { std::filesystem::create_directories(path); }
    ~TmpDir() { std::filesystem::remove_all(path); }
};
Sample at(std::int64_t t) {
    Sample s;
    s.t_ms = t;
    s.state = PostureState::good;
    s.score = 90;
    s.width_c = 100;
    return s;
}
}  // namespace

TEST(Batcher, TenSecondsAtTheDefaultCadenceMakeOneBatch) {
    TmpDir tmp;
    SequenceStore seq(tmp.path, 1);
    Batcher b("desk-01", "Europe/Berlin", 600ms, 10s, seq);
    std::int64_t t = 1'000'000;
    int added = 0;
    while (!b.due(t - 600)) {
        b.add(at(t));
        t += 600;
        ++added;
        ASSERT_LT(added, 100);
    }
    auto batch = b.take();
    ASSERT_TRUE(batch);
    EXPECT_EQ(static_cast<int>(batch->samples.size()), added);
    EXPECT_GE(added, 16);
    EXPECT_LE(added, 17);
    EXPECT_EQ(batch->t0_ms, 1'000'000);
    EXPECT_EQ(batch->device, "desk-01");
    EXPECT_EQ(batch->tz, "Europe/Berlin");
    EXPECT_EQ(batch->cadence_ms, 600u);
    EXPECT_EQ(batch->stream, seq.stream());
    EXPECT_TRUE(b.empty());
    EXPECT_FALSE(b.take());
}

TEST(Batcher, SequenceNumbersFollowEachOtherAndDropsAreReportedOnce) {
    TmpDir tmp;
    SequenceStore seq(tmp.path, 1);
    Batcher b("d", "UTC", 600ms, 10s, seq);
    b.add(at(1000));
    b.note_dropped(7);
    auto first = b.take();
    b.add(at(2000));
    auto second = b.take();
    ASSERT_TRUE(first && second);
    EXPECT_EQ(second->seq, first->seq + 1);
    EXPECT_EQ(first->dropped_samples, 7u);
    EXPECT_EQ(second->dropped_samples, 0u);
}

TEST(Batcher, CoarseCadenceStillBatchesAtLeastOneTick) {
    TmpDir tmp;
    SequenceStore seq(tmp.path, 1);
    Batcher b("d", "UTC", 30s, 10s, seq);
    b.add(at(0));
    EXPECT_TRUE(b.due(0));
}

TEST(Batcher, EventsTravelWithTheSamples) {
    TmpDir tmp;
    SequenceStore seq(tmp.path, 1);
    Batcher b("d", "UTC", 600ms, 10s, seq);
    b.add(Event{900, EventType::calibration, 0});
    b.add(at(1000));
    auto batch = b.take();
    ASSERT_TRUE(batch);
    EXPECT_EQ(batch->t0_ms, 1000);
    ASSERT_EQ(batch->events.size(), 1u);
    EXPECT_EQ(batch->events[0].t_ms, 900);
}
