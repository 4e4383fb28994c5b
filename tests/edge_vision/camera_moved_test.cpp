// "Camera moved, recalibrate": the face far from the calibrated position for a
// minute raises one camera_moved event and a standing flag (state topic, Home
// Assistant's problem sensor) that clears when the face is back or after a calibration.
#include "vision/posture_tracker.hpp"

#include "edge_test_support.hpp"

#include <gtest/gtest.h>

namespace pg {
namespace {

const cv::Size kFrame(320, 240);

class CameraMoved : public ::testing::Test {
protected:
    std::unique_ptr<PostureTracker> tracker() {
        return std::make_unique<PostureTracker>(TrackerConfig{}, std::make_unique<test::ScriptedAnalyzer>(&script),
                                                dir.path() / "baseline.json");
    }
    // One tick a second from t0 with the face centred at (cx, 100): events seen, and the flag after each tick.
    std::vector<Event> run(PostureTracker& t, int ticks, float cx, std::int64_t t0, std::vector<bool>* flags = nullptr) {
        std::vector<Event> events;
        for (int i = 0; i < ticks; ++i) {
            script.push_back(test::face_at(cx, 100, 60));
            Frame f;
            f.grey = cv::Mat(kFrame, CV_8UC1, cv::Scalar(128));
            f.t_ms = t0 + i * 1000;
            auto r = t.process(f);
            events.insert(events.end(), r.events.begin(), r.events.end());
            if (flags) flags->push_back(t.camera_moved());
        }
        return events;
    }
    static int count(const std::vector<Event>& ev, EventType type) {
        return static_cast<int>(std::count_if(ev.begin(), ev.end(), [&](const Event& e) { return e.type == type; }));
    }

    test::TempDir dir;
    std::deque<Observation> script;
};

TEST_F(CameraMoved, AMinuteOffTheBaselineRaisesItOnceUntilTheFaceIsBack) {
    auto t = tracker();
    t->request_calibration(0);
    run(*t, 6, 160, 0);
    ASSERT_TRUE(t->calibrated());
    EXPECT_FALSE(t->camera_moved());

    // 1.5 face widths to the side: a glance is not a moved camera, a minute is.
    std::vector<bool> flags;
    auto ev = run(*t, 70, 250, 10'000, &flags);
    EXPECT_EQ(count(ev, EventType::camera_moved), 1);
    EXPECT_FALSE(flags[59]);  // 59 s off the baseline
    EXPECT_TRUE(flags[60]);   // a minute
    EXPECT_TRUE(flags.back());
    for (const auto& e : ev)
        if (e.type == EventType::camera_moved) {
            EXPECT_EQ(e.t_ms, 70'000);
            EXPECT_EQ(e.value, 150);  // sideways offset in face widths × 100
        }

    run(*t, 1, 160, 80'000);  // back where it was calibrated
    EXPECT_FALSE(t->camera_moved());
}

TEST_F(CameraMoved, ARecalibrationClearsIt) {
    auto t = tracker();
    t->request_calibration(0);
    run(*t, 6, 160, 0);
    auto ev = run(*t, 62, 250, 10'000);
    ASSERT_TRUE(t->camera_moved());
    t->request_calibration(72'000);
    ev = run(*t, 6, 250, 72'000);
    EXPECT_EQ(count(ev, EventType::calibration), 1);
    EXPECT_FALSE(t->camera_moved());
    EXPECT_EQ(count(run(*t, 70, 250, 80'000), EventType::camera_moved), 0);  // the new place is home
}

}  // namespace
}  // namespace pg
