#include "source/frame_source.hpp"

#include "edge_test_support.hpp"
#include "pg/errors.hpp"
#include "source/sim/face_photo.hpp"
#include "source/sim/scenario.hpp"
#include "source/sim/sim_source.hpp"
#include "vision/cascade_analyzer.hpp"
#include "vision/model_files.hpp"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cmath>
#include <map>

namespace pg {
namespace {

using test::sim_options;

constexpr std::int64_t kMinute = 60'000;

std::string error_of(const std::string& spec, const SourceOptions& o = sim_options()) {
    try {
        make_frame_source(spec, o);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(SimSource, RejectsBadSpecsNamingSpecAndProblem) {
    EXPECT_NE(error_of("sim:nosuch").find("unknown scenario 'nosuch'"), std::string::npos);
    EXPECT_NE(error_of("sim:nosuch").find("workday"), std::string::npos);  // lists the valid ones
    EXPECT_NE(error_of("sim:").find("no scenario"), std::string::npos);
    EXPECT_NE(error_of("sim:quick,days=0").find("days=0"), std::string::npos);
    EXPECT_NE(error_of("sim:quick,days=x").find("days=x"), std::string::npos);
    EXPECT_NE(error_of("sim:quick,seed=-1").find("seed=-1"), std::string::npos);
    EXPECT_NE(error_of("sim:quick,start=2026-02-30").find("start=2026-02-30"), std::string::npos);
    EXPECT_NE(error_of("sim:quick,colour=red").find("unknown option 'colour'"), std::string::npos);
    EXPECT_NE(error_of("sim:quick,days").find("KEY=VALUE"), std::string::npos);
    EXPECT_NE(error_of("webcam").find("source 'webcam'"), std::string::npos);
    EXPECT_NE(error_of("sim:quick,face=/nonexistent/me.png").find("face=/nonexistent/me.png"), std::string::npos);
    SourceOptions bad_zone = sim_options();
    bad_zone.timezone = "Mars/Olympus";
    EXPECT_NE(error_of("sim:quick", bad_zone).find("Mars/Olympus"), std::string::npos);
}

TEST(SimSource, FileSourcesNameAMissingFile) {
    EXPECT_NE(error_of("file:/nonexistent/x.mp4").find("no such file"), std::string::npos);
}

TEST(SimSource, PhotoWithoutAFaceIsRejected) {
    test::TempDir dir;
    const std::string blank = (dir.path() / "blank.png").string();
    cv::Mat grey(200, 200, CV_8UC1, cv::Scalar(128));
    cv::randn(grey, 128, 10);
    ASSERT_TRUE(cv::imwrite(blank, grey));
    EXPECT_EQ(error_of("sim:quick,face=" + blank), "face=" + blank + ": no face found");
}

TEST(SimSource, DefaultFaceAndCascadeResolve) {
    EXPECT_TRUE(std::filesystem::is_regular_file(sim::default_face_path()));
    EXPECT_NE(cascade_path("haarcascade_frontalface_alt2.xml").find("haarcascades"), std::string::npos);
    EXPECT_NE(cascade_path("lbpcascade_frontalface.xml").find("lbpcascades"), std::string::npos);
    try {
        cascade_path("no_such_cascade.xml");
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("no_such_cascade.xml"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("opencv-data"), std::string::npos);
    }
}

TEST(SimSource, QuickScenarioFollowsItsScript) {
    auto src = make_frame_source("sim:quick,seed=5,face=" + test::face_photo(), sim_options());
    ASSERT_TRUE(src->start_time_ms());
    const std::int64_t t0 = *src->start_time_ms();
    EXPECT_EQ(t0, 1773046800000);  // 2026-03-09 09:00 UTC: the day before "now"
    auto state_at = [&](std::int64_t offset) { return src->grab(t0 + offset)->truth->state; };
    auto first = src->grab(t0);
    ASSERT_TRUE(first && first->truth);
    EXPECT_TRUE(first->truth->calibrate);
    EXPECT_EQ(first->grey.size(), cv::Size(320, 240));
    EXPECT_EQ(first->grey.type(), CV_8UC1);
    EXPECT_FALSE(src->grab(t0 + 1000)->truth->calibrate);  // a press belongs to one tick
    EXPECT_EQ(state_at(1 * kMinute), PostureState::good);
    EXPECT_EQ(state_at(3 * kMinute), PostureState::forward_head);
    EXPECT_EQ(state_at(4 * kMinute + 30'000), PostureState::good);
    EXPECT_EQ(state_at(6 * kMinute), PostureState::slouch);
    EXPECT_EQ(state_at(7 * kMinute + 30'000), PostureState::away);
    EXPECT_EQ(state_at(9 * kMinute), PostureState::good);
    EXPECT_FALSE(src->grab(t0 + 10 * kMinute));  // finite: ends after ten minutes
}

TEST(SimSource, PosesMatchTheirPostures) {
    auto src = make_frame_source("sim:quick,seed=9", sim_options());
    const std::int64_t t0 = *src->start_time_ms();
    // Segments change on whole minutes; the pose takes a moment to follow, so
    // look 2.5 s into each 5 s step.
    for (std::int64_t t = t0 + 2500; t < t0 + 10 * kMinute; t += 5000) {
        auto f = src->grab(t);
        const GroundTruth& g = *f->truth;
        switch (g.state) {
        case PostureState::good: EXPECT_NEAR(g.width_ratio, 1.0, 0.021) << t - t0; break;
        case PostureState::forward_head: EXPECT_GE(g.width_ratio, 1.18) << t - t0; break;
        case PostureState::slouch: EXPECT_GE(g.drop, 0.5) << t - t0; break;
        case PostureState::away: EXPECT_FALSE(g.face); break;
        default: ADD_FAILURE() << "unexpected state";
        }
    }
}

TEST(SimSource, IsDeterministicForASeedAndDiffersAcrossSeeds) {
    auto a = make_frame_source("sim:workday,seed=7", sim_options());
    auto b = make_frame_source("sim:workday,seed=7", sim_options());
    auto c = make_frame_source("sim:workday,seed=8", sim_options());
    const std::int64_t t = *a->start_time_ms() + 3 * 3600'000;
    auto fa = a->grab(t), fb = b->grab(t), fc = c->grab(t);
    EXPECT_EQ(a->describe(), b->describe());
    EXPECT_EQ(cv::norm(fa->grey, fb->grey, cv::NORM_INF), 0.0);
    EXPECT_GT(cv::norm(fa->grey, fc->grey, cv::NORM_L1), 0.0);
    EXPECT_NE(*a->start_time_ms(), *c->start_time_ms());  // arrival times vary with the seed
}

TEST(SimSource, DrawsTheFaceWhereTheTruthSays) {
    CascadeAnalyzer::Options o;
    o.cascade_file = cascade_path("haarcascade_frontalface_alt2.xml");
    o.tracking = false;
    CascadeAnalyzer analyzer(o);
    auto src = make_frame_source("sim:quick,seed=2", sim_options());
    const std::int64_t t0 = *src->start_time_ms();
    int checked = 0;
    for (std::int64_t t = t0 + 30'000; t < t0 + 10 * kMinute; t += 60'000) {
        auto f = src->grab(t);
        Observation obs = analyzer.analyze(f->grey);
        ASSERT_EQ(obs.found, f->truth->face.has_value()) << "t+" << (t - t0) / 1000 << "s";
        if (!obs.found) continue;
        const cv::Rect2f truth = *f->truth->face;
        const float overlap = (truth & obs.face).area() / (truth | obs.face).area();
        EXPECT_GT(overlap, 0.6f) << "t+" << (t - t0) / 1000 << "s";
        ++checked;
    }
    EXPECT_GE(checked, 8);
}

TEST(SimSource, WorkdaySpansDaysAndSkipsNights) {
    SourceOptions o = sim_options();
    o.timezone = "Europe/Berlin";
    auto src = make_frame_source("sim:workday,days=3,seed=4", o);
    EXPECT_NE(src->describe().find("3 days"), std::string::npos);
    const std::int64_t start = *src->start_time_ms();
    // The 3 days ending yesterday (2026-03-09) in Berlin: the first starts 2026-03-07
    // between 08:15 and 08:40 local (UTC+1).
    EXPECT_GE(start, 1772867700000);
    EXPECT_LE(start, 1772869200000);

    int days = 0, calibrations = 0;
    std::int64_t t = start, last_day_start = start, first_press = 0;
    bool in_day = false;
    std::map<PostureState, int> seen;
    while (auto f = src->grab(t)) {
        if (!in_day) ++days, in_day = true, last_day_start = t;
        if (f->truth->calibrate) ++calibrations, first_press = first_press ? first_press : t;
        ++seen[f->truth->state];
        std::int64_t next = src->next_tick_ms(t + 30'000);
        if (next > t + 30'000) {
            EXPECT_GT(next - t, 12 * 3600'000) << "only nights are skipped";
            in_day = false;
        }
        t = next;
    }
    EXPECT_EQ(days, 3);
    EXPECT_EQ(calibrations, 1);  // day 1 only; the baseline persists
    EXPECT_GT(last_day_start, start + 2 * 86'400'000 - 3600'000);
    for (PostureState s : {PostureState::good, PostureState::forward_head, PostureState::slouch, PostureState::away})
        EXPECT_GT(seen[s], 30) << to_string(s);
    EXPECT_GT(seen[PostureState::good], seen[PostureState::slouch]);
    EXPECT_FALSE(src->grab(t));  // ended
}

TEST(SimSource, WorkdayHoldsStillAfterTheCalibratePress) {
    auto src = make_frame_source("sim:workday,seed=11,start=2026-01-05", sim_options());
    std::int64_t t = *src->start_time_ms();
    std::int64_t press = 0;
    for (; !press; t += 1000) {
        auto f = src->grab(t);
        ASSERT_TRUE(f);
        if (f->truth->calibrate) press = t;
    }
    for (t = press; t < press + 2 * kMinute; t += 1000) {
        auto f = src->grab(t);
        EXPECT_EQ(f->truth->state, PostureState::good);
        EXPECT_NEAR(f->truth->width_ratio, 1.0, 0.021);
        EXPECT_NEAR(f->truth->drop, 0.0, 0.04);
    }
}

TEST(SimSource, RealtimeStartsNow) {
    SourceOptions o = sim_options();
    o.realtime = true;
    auto src = make_frame_source("sim:quick", o);
    EXPECT_EQ(*src->start_time_ms(), test::kNowMs);
    EXPECT_EQ(src->next_tick_ms(test::kNowMs - 5000), test::kNowMs);
}

// The truth of the head scenarios: what is labelled looking down or tilt holds
// the head beyond posture.looking_down_enter (25) or tilt_enter (15) degrees
// once it got there; good posture never holds it there for the three ticks a
// bad posture needs; the good-only scenarios move the head as they say.
TEST(SimSource, HeadScenariosCarryTheHeadsTruePose) {
    struct Count {
        int ticks = 0, beyond = 0;
    };
    for (const char* name : {"phone", "papers", "tilt", "monitor", "nodding", "talking"}) {
        sim::SimOptions o;
        o.scenario = name;
        sim::SimSource src(o, sim_options());
        const sim::Timeline& tl = src.timeline();
        std::map<PostureState, Count> by_state;
        int run = 0, longest_good_run = 0, turned = 0, mouth_open = 0;
        double pitch_sum = 0, pitch_sq = 0;
        for (std::int64_t t = tl.begin_ms(); t < tl.end_ms(); t += 600) {
            const PostureState s = tl.state_at(t);
            const sim::Pose p = tl.pose_at(t);
            const bool down = p.pitch >= 25.0, tilted = std::abs(p.roll) >= 15.0;
            Count& c = by_state[s];
            ++c.ticks;
            c.beyond += s == PostureState::tilt ? tilted : down;
            run = s == PostureState::good && (down || tilted) ? run + 1 : 0;
            longest_good_run = std::max(longest_good_run, run);
            mouth_open += p.jaw > 2.0;
            if (s == PostureState::good) {
                turned += std::abs(p.yaw) >= 30.0;
                pitch_sum += p.pitch, pitch_sq += p.pitch * p.pitch;
            }
        }
        EXPECT_LE(longest_good_run, 2) << name;
        for (PostureState s : {PostureState::looking_down, PostureState::tilt}) {
            if (auto it = by_state.find(s); it != by_state.end()) {
                EXPECT_GE(it->second.beyond, 0.9 * it->second.ticks) << name << " " << to_string(s);
            }
        }
        const std::string n = name;
        if (n == "phone" || n == "papers") {
            EXPECT_GE(by_state[PostureState::looking_down].ticks, 250) << name;
        }
        if (n == "tilt") {
            EXPECT_GE(by_state[PostureState::tilt].ticks, 300) << name;
        }
        if (n == "monitor" || n == "nodding" || n == "talking") {
            for (const auto& [state, c] : by_state)
                EXPECT_TRUE(state == PostureState::good || state == PostureState::away) << name << ": good only";
        }
        if (n == "monitor") {
            EXPECT_GE(turned, 100) << name;
        }
        if (n == "talking") {
            EXPECT_GE(mouth_open, 100) << name << ": the mouth moves while talking";
        } else if (n != "papers") {
            EXPECT_EQ(mouth_open, 0) << name;
        }
        if (n == "talking" || n == "nodding") {
            const double good = by_state[PostureState::good].ticks;
            const double sd = std::sqrt(pitch_sq / good - (pitch_sum / good) * (pitch_sum / good));
            EXPECT_GT(sd, 1.5) << name << ": the head keeps moving";
        }
    }
}

TEST(SimSource, TruthCarriesTheHeadsAngles) {
    auto src = make_frame_source("sim:tilt,seed=3", sim_options());
    const std::int64_t t0 = *src->start_time_ms();
    int tilted = 0;
    for (std::int64_t t = t0 + 3 * kMinute; t < t0 + 9 * kMinute; t += 20'000) {
        const auto f = src->grab(t);
        const GroundTruth& g = *f->truth;
        if (g.state == PostureState::tilt && std::abs(g.roll_deg) >= 15.0) ++tilted;
        if (g.state == PostureState::good) {
            EXPECT_LT(std::abs(g.roll_deg), 23.0);
        }
        EXPECT_LT(std::abs(g.pitch_deg), 6.0);
        EXPECT_LT(std::abs(g.yaw_deg), 7.0);
    }
    EXPECT_GE(tilted, 5);
}

TEST(SimSource, ListsScenarios) {
    auto list = sim::all_scenarios();
    ASSERT_GE(list.size(), 2u);
    bool quick = false, workday = false;
    for (const sim::Scenario* s : list) quick |= s->name == "quick", workday |= s->name == "workday";
    EXPECT_TRUE(quick && workday);
}

}  // namespace
}  // namespace pg
