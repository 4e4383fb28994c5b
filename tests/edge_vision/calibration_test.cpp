#include "vision/calibration.hpp"

#include "edge_test_support.hpp"
#include "pg/log.hpp"
#include "vision/posture_tracker.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace pg {
namespace {

using namespace std::chrono_literals;
using test::face_at;
using test::no_face;

const cv::Size kFrame(320, 240);

TEST(Calibration, TakesTheMedianOfSteadyFrames) {
    Calibration c(5s, 5);
    c.start(1000);
    std::optional<Calibration::Result> r;
    const float jitter[] = {0, 1, -1, 2, 0, -2, 1};
    for (int i = 0; i < 7 && !r; ++i)
        r = c.add(1000 + i * 1000, cv::Rect2f(130 + jitter[i], 70, 60, 60), kFrame);
    ASSERT_TRUE(r);
    ASSERT_TRUE(r->baseline) << r->reason;
    EXPECT_FALSE(c.active());
    EXPECT_EQ(r->ticks, 6);  // t = 1s..6s: the 5 s window is over at 6 s
    EXPECT_NEAR(r->baseline->cx * kFrame.width, 160.0, 0.6);
    EXPECT_NEAR(r->baseline->width * kFrame.width, 60.0, 1e-3);
    EXPECT_EQ(r->baseline->t_ms, 6000);
}

TEST(Calibration, WaitsForMinFramesAtSlowCadence) {
    Calibration c(5s, 5);
    c.start(0);
    for (int i = 0; i < 4; ++i) EXPECT_FALSE(c.add(i * 10'000, cv::Rect2f(130, 70, 60, 60), kFrame));
    auto r = c.add(40'000, cv::Rect2f(130, 70, 60, 60), kFrame);
    ASSERT_TRUE(r && r->baseline);
    EXPECT_EQ(r->used, 5);
}

TEST(Calibration, RefusesWithoutASteadyFace) {
    Calibration c(5s, 5);
    c.start(0);
    std::optional<Calibration::Result> r;
    for (int i = 0; !r; ++i)
        r = c.add(i * 1000, i % 2 ? std::optional<cv::Rect2f>(cv::Rect2f(130, 70, 60, 60)) : std::nullopt, kFrame);
    EXPECT_FALSE(r->baseline);
    EXPECT_EQ(r->failure, Calibration::Failure::face_not_steady);
    EXPECT_NE(r->reason.find("face not found steadily"), std::string::npos);
}

TEST(Calibration, WaitsForTheUserToSettleThenTakesTheSteadyWindow) {
    Calibration c(5s, 5, 20s);
    c.start(0);
    std::optional<Calibration::Result> r;
    int i = 0;
    for (; !r && i < 40; ++i) {
        // Still moving for the first 3 s, then sitting still at x = 130.
        const float x = i < 3 ? 60.0f + 25.0f * i : 130.0f;
        r = c.add(i * 1000, cv::Rect2f(x, 70, 60, 60), kFrame);
        if (!r && i == 5) {
            EXPECT_NE(c.waiting_for().find("moved too much"), std::string::npos) << c.waiting_for();
        }
    }
    ASSERT_TRUE(r && r->baseline) << (r ? r->reason : "no result");
    EXPECT_LE(i, 10);  // as soon as the newest 5 s are steady
    EXPECT_NEAR(r->baseline->cx * kFrame.width, 160.0, 1.0);
    EXPECT_TRUE(c.waiting_for().empty());
}

TEST(Calibration, GivesUpAfterItsPatienceWithTheReason) {
    Calibration c(5s, 5, 20s);
    c.start(0);
    std::optional<Calibration::Result> r;
    int i = 0;
    for (; !r; ++i) r = c.add(i * 1000, cv::Rect2f(60.0f + 7.0f * (i % 5), 70, 60, 60), kFrame);
    EXPECT_FALSE(r->baseline);
    EXPECT_EQ(i - 1, 20);  // refused at the patience, not before
    EXPECT_EQ(r->failure, Calibration::Failure::moved_too_much);
}

TEST(Calibration, RefusesWhenTheUserMoves) {
    Calibration c(5s, 5);
    c.start(0);
    std::optional<Calibration::Result> r;
    for (int i = 0; !r; ++i) r = c.add(i * 1000, cv::Rect2f(60.0f + 25.0f * i, 70, 60, 60), kFrame);
    EXPECT_FALSE(r->baseline);
    EXPECT_EQ(r->failure, Calibration::Failure::moved_too_much);
    EXPECT_NE(r->reason.find("moved too much"), std::string::npos);
}

// Through the tracker: events, the log line saying why, and the state after.
class TrackerCalibration : public ::testing::Test {
protected:
    void SetUp() override {
        log::set_sink([this](log::Level, std::string_view, std::string_view msg) { logged += std::string(msg) + "\n"; });
    }
    void TearDown() override { log::set_sink(nullptr); }

    std::unique_ptr<PostureTracker> tracker() {
        return std::make_unique<PostureTracker>(TrackerConfig{}, std::make_unique<test::ScriptedAnalyzer>(&script),
                                                dir.path() / "baseline.json");
    }
    std::vector<TickResult> run(PostureTracker& t, int ticks, std::int64_t t0 = 0) {
        std::vector<TickResult> out;
        for (int i = 0; i < ticks; ++i) {
            Frame f;
            f.grey = cv::Mat(kFrame, CV_8UC1, cv::Scalar(128));
            f.t_ms = t0 + i * 1000;
            out.push_back(t.process(f));
        }
        return out;
    }
    static std::vector<Event> events(const std::vector<TickResult>& results) {
        std::vector<Event> out;
        for (const auto& r : results) out.insert(out.end(), r.events.begin(), r.events.end());
        return out;
    }

    test::TempDir dir;
    std::deque<Observation> script;
    std::string logged;
};

TEST_F(TrackerCalibration, RefusesWhenNoFaceAndStaysUncalibrated) {
    auto t = tracker();
    t->request_calibration(0);
    EXPECT_TRUE(t->calibrating());
    // It waits up to calibration.patience (20 s) for the user, saying why, then refuses.
    for (int i = 0; i < 22; ++i) script.push_back(no_face());
    auto results = run(*t, 22);
    EXPECT_NE(results[6].note.find("waiting: face not found steadily"), std::string::npos) << results[6].note;
    EXPECT_TRUE(events({results.begin(), results.begin() + 20}).empty());
    auto ev = events(results);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].t_ms, 20000);
    EXPECT_EQ(ev[0].type, EventType::calibration_failed);
    EXPECT_EQ(ev[0].value, 1);
    EXPECT_FALSE(t->calibrated());
    EXPECT_FALSE(t->calibrating());
    EXPECT_NE(logged.find("face not found steadily"), std::string::npos) << logged;
    EXPECT_EQ(results.back().sample.state, PostureState::uncalibrated);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "baseline.json"));
}

TEST_F(TrackerCalibration, RefusesWhenTheUserKeepsMoving) {
    auto t = tracker();
    t->request_calibration(0);
    for (int i = 0; i < 22; ++i) script.push_back(face_at(80.0f + 22.0f * (i % 8), 100, 60));
    auto ev = events(run(*t, 22));
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].type, EventType::calibration_failed);
    EXPECT_EQ(ev[0].value, 2);
    EXPECT_NE(logged.find("moved too much"), std::string::npos) << logged;
}

TEST_F(TrackerCalibration, SucceedsThenJudgesAndPersists) {
    auto t = tracker();
    EXPECT_FALSE(t->calibrated());
    t->request_calibration(0);
    for (int i = 0; i < 6; ++i) script.push_back(face_at(160, 100, 60));
    auto results = run(*t, 6);
    auto ev = events(results);
    ASSERT_EQ(ev.size(), 1u);
    EXPECT_EQ(ev[0].type, EventType::calibration);
    EXPECT_EQ(ev[0].t_ms, 5000);
    EXPECT_TRUE(t->calibrated());
    EXPECT_TRUE(results.front().face_found);
    EXPECT_EQ(results.front().sample.state, PostureState::uncalibrated);
    ASSERT_TRUE(std::filesystem::exists(dir.path() / "baseline.json"));

    // Leaning in: 3 ticks to enter forward_head; a fresh tracker loads the baseline.
    auto again = tracker();
    EXPECT_TRUE(again->calibrated());
    for (int i = 0; i < 3; ++i) script.push_back(face_at(160, 100, 60));
    for (int i = 0; i < 3; ++i) script.push_back(face_at(160, 110, 75));
    script.push_back(no_face());
    for (int i = 0; i < 2; ++i) script.push_back(no_face(10.0));
    auto judged = run(*again, 9, 10'000);
    EXPECT_EQ(judged[2].sample.state, PostureState::good);  // back from "not seen yet" after exit_ticks
    EXPECT_EQ(judged[2].sample.score, 100);
    EXPECT_EQ(judged[2].sample.width_c, 100);
    EXPECT_EQ(judged[4].sample.state, PostureState::good);
    EXPECT_EQ(judged[5].sample.state, PostureState::forward_head);
    EXPECT_EQ(judged[5].sample.width_c, 125);
    EXPECT_EQ(judged[5].sample.drop_c, 17);
    EXPECT_EQ(judged[5].sample.t_ms, 15'000);
    EXPECT_EQ(judged[6].sample.state, PostureState::forward_head);  // one miss: held
    EXPECT_EQ(judged[6].sample.width_c, 125);
    EXPECT_EQ(judged[7].sample.state, PostureState::too_dark);
}

TEST_F(TrackerCalibration, AfterAPauseTheAnalysisStartsFreshWithTheSameBaseline) {
    auto t = tracker();
    t->request_calibration(0);
    for (int i = 0; i < 6; ++i) script.push_back(face_at(160, 100, 60));
    run(*t, 6);
    ASSERT_TRUE(t->calibrated());
    for (int i = 0; i < 6; ++i) script.push_back(face_at(160, 110, 75));  // leaning in
    auto before = run(*t, 6, 10'000);
    ASSERT_EQ(before.back().sample.state, PostureState::forward_head);

    // Without a reset the lean carries straight on; after one it must be seen anew.
    t->reset_analysis();
    script.push_back(no_face());  // a miss right after the pause holds nothing from before it
    for (int i = 0; i < 4; ++i) script.push_back(face_at(160, 110, 75));
    auto after = run(*t, 5, 100'000);
    EXPECT_TRUE(t->calibrated());
    EXPECT_NE(after[0].sample.state, PostureState::forward_head);
    EXPECT_EQ(after[0].sample.width_c, 0) << "the last judgement before the pause was held";
    EXPECT_NE(after[1].sample.state, PostureState::forward_head);
    EXPECT_EQ(after[4].sample.state, PostureState::forward_head);  // after enter_ticks of its own
    EXPECT_EQ(after[4].sample.width_c, 125);                       // judged against the same baseline
}

TEST_F(TrackerCalibration, ReloadingTheBaselineKeepsTheOneInUseWhenTheFileIsGone) {
    auto t = tracker();
    t->request_calibration(0);
    for (int i = 0; i < 6; ++i) script.push_back(face_at(160, 100, 60));
    run(*t, 6);
    ASSERT_TRUE(t->calibrated());
    EXPECT_NE(t->reload_baseline().find("baseline reloaded"), std::string::npos);
    std::filesystem::remove(dir.path() / "baseline.json");
    EXPECT_NE(t->reload_baseline().find("keeping the one in use"), std::string::npos);
    EXPECT_TRUE(t->calibrated());
    // A baseline written by another calibration (pg-edge calibrate) is taken up.
    auto other = tracker();
    other->request_calibration(0);
    for (int i = 0; i < 6; ++i) script.push_back(face_at(160, 100, 80));
    run(*other, 6);
    EXPECT_NE(t->reload_baseline().find("baseline reloaded"), std::string::npos);
    script.push_back(face_at(160, 100, 80));
    script.push_back(face_at(160, 100, 80));
    script.push_back(face_at(160, 100, 80));
    auto judged = run(*t, 3, 50'000);
    EXPECT_EQ(judged.back().sample.width_c, 100);  // 80 px is the new neutral width
}

}  // namespace
}  // namespace pg
