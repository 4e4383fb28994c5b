// The frame source follows the pause: released on the first paused tick and
// opened again on the first tick after it, counted on a fake source.
#include "app/source_switch.hpp"

#include <gtest/gtest.h>

using namespace pg;

namespace {

class CountingSource final : public FrameSource {
public:
    std::optional<Frame> grab(std::int64_t t_ms) override {
        ++grabs;
        EXPECT_FALSE(released) << "grabbed while released";
        Frame f;
        f.t_ms = t_ms;
        return f;
    }
    void suspend() override {
        ++suspends;
        released = true;
    }
    void resume() override {
        ++resumes;
        released = false;
    }
    std::string describe() const override { return "counting"; }
    int grabs = 0, suspends = 0, resumes = 0;
    bool released = false;
};

}  // namespace

TEST(SourceSwitch, ReleasesOnceWhilePausedAndRestartsOnce) {
    CountingSource src;
    SourceSwitch sw(src, 5000);
    // As the runner does: a pause from tick 10 to 19, grab only when not paused.
    int resumed_steps = 0;
    for (std::int64_t i = 0; i < 30; ++i) {
        const bool paused = i >= 10 && i < 20;
        const auto step = sw.update(paused, i * 1000);
        resumed_steps += step == SourceSwitch::Step::resumed;
        EXPECT_EQ(step == SourceSwitch::Step::paused, paused);
        if (!paused) src.grab(i * 1000);
    }
    EXPECT_EQ(src.suspends, 1);
    EXPECT_EQ(src.resumes, 1);
    EXPECT_EQ(resumed_steps, 1);
    EXPECT_EQ(src.grabs, 20);
}

TEST(SourceSwitch, ACameraStartingUpIsPausedTimeForTheWarmupOnly) {
    CountingSource src;
    SourceSwitch sw(src, 5000);
    EXPECT_FALSE(sw.warming_up(0));  // never paused: an empty frame is a camera error
    sw.update(true, 1000);
    sw.update(false, 2000);
    EXPECT_TRUE(sw.warming_up(2000));
    EXPECT_TRUE(sw.warming_up(6999));
    EXPECT_FALSE(sw.warming_up(7000));  // past it: a camera error after all
    sw.update(true, 8000);
    sw.update(false, 9000);
    sw.frame_seen();
    EXPECT_FALSE(sw.warming_up(9100));  // it delivered: any later gap is an error
}
