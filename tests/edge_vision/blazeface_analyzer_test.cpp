#include "vision/blazeface_analyzer.hpp"

#include "edge_test_support.hpp"
#include "pg/errors.hpp"
#include "source/frame_source.hpp"
#include "vision/model_files.hpp"
#include "vision/tracker_config.hpp"

#include <gtest/gtest.h>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>

namespace pg {
namespace {

// The model is fetched, not committed: without it these tests skip (run
// scripts/fetch-models.sh), like hardware tests without hardware.
std::optional<BlazeFaceAnalyzer::Options> options() {
    auto model = find_blazeface_model("");
    if (!model || !blazeface_runtime(*model).runs) return std::nullopt;
    BlazeFaceAnalyzer::Options o;
    o.model_file = *model;
    o.fusion = blazeface_runtime(*model).fusion;
    return o;
}

#define REQUIRE_MODEL(o)                                                              \
    auto o = options();                                                               \
    if (!o) GTEST_SKIP() << "BlazeFace model not fetched (scripts/fetch-models.sh) or not runnable by this OpenCV"

TEST(BlazeFaceAnalyzer, FindsTheFaceAndItsKeypointsInThePhoto) {
    REQUIRE_MODEL(o);
    cv::Mat photo = cv::imread(test::face_photo(), cv::IMREAD_GRAYSCALE);
    BlazeFaceAnalyzer a(*o);
    Observation obs = a.analyze(photo);
    ASSERT_TRUE(obs.found);
    EXPECT_EQ(a.last_search(), BlazeFaceAnalyzer::Search::full);
    // Eileen Collins' face in the 256x256 portrait, as the cascade test has it.
    EXPECT_NEAR(obs.face.x + obs.face.width / 2, 113, 10);
    EXPECT_NEAR(obs.face.y + obs.face.height / 2, 60, 10);
    EXPECT_NEAR(obs.face.width, 50, 12);
    EXPECT_GT(obs.confidence, 0.6);
    ASSERT_TRUE(obs.head);
    EXPECT_LT(std::abs(obs.head->roll_deg), 20.0);
    EXPECT_GT(obs.head->aspect, 0.5);
    EXPECT_LT(obs.head->aspect, 1.6);
}

TEST(BlazeFaceAnalyzer, TracksInAWindowAndMatchesTheSimTruth) {
    REQUIRE_MODEL(o);
    auto src = make_frame_source("sim:quick,seed=2", test::sim_options(640, 480));
    const std::int64_t t0 = *src->start_time_ms() + 60'000;
    BlazeFaceAnalyzer a(*o);
    for (int i = 0; i < 3; ++i) {
        auto f = src->grab(t0 + i * 600);
        Observation obs = a.analyze(f->grey);
        ASSERT_TRUE(obs.found) << "tick " << i;
        EXPECT_EQ(a.last_search(), i == 0 ? BlazeFaceAnalyzer::Search::full : BlazeFaceAnalyzer::Search::window);
        const cv::Rect2f truth = *f->truth->face;
        EXPECT_NEAR(obs.face.x + obs.face.width / 2, truth.x + truth.width / 2, 0.15 * truth.width);
        EXPECT_NEAR(obs.face.y + obs.face.height / 2, truth.y + truth.height / 2, 0.25 * truth.height);
    }
}

// The nose reading against the rendered 3-D head: bowed to a phone it changes by
// about the nod; turned to a second monitor, or upright, it does not.
TEST(BlazeFaceAnalyzer, ThePitchReadingFollowsANodAndNotATurn) {
    REQUIRE_MODEL(o);
    auto readings = [&](const std::string& scenario, auto wanted) {
        auto src = make_frame_source("sim:" + scenario + ",seed=1", test::sim_options(640, 480));
        BlazeFaceAnalyzer a(*o);
        std::vector<double> rest, out;
        const std::int64_t t0 = *src->start_time_ms();
        for (std::int64_t t = t0; t < t0 + 400'000 && out.size() < 20; t += 600) {
            auto f = src->grab(t);
            const Observation obs = a.analyze(f->grey);
            if (!obs.found || !obs.head || !obs.head->pitch_deg) continue;
            const GroundTruth& g = *f->truth;
            if (g.state == PostureState::good && std::abs(g.pitch_deg) < 1 && std::abs(g.yaw_deg) < 1) {
                rest.push_back(*obs.head->pitch_deg);
            } else if (wanted(g) && !rest.empty()) {
                std::vector<double> r = rest;
                std::nth_element(r.begin(), r.begin() + r.size() / 2, r.end());
                out.push_back(*obs.head->pitch_deg - r[r.size() / 2]);
            }
        }
        return out;
    };
    const auto bowed = readings("phone", [](const GroundTruth& g) { return g.pitch_deg >= 28; });
    ASSERT_GE(bowed.size(), 10u);
    for (double d : bowed) EXPECT_GT(d, 22.0);
    const auto turned = readings("monitor", [](const GroundTruth& g) { return std::abs(g.yaw_deg) >= 30; });
    ASSERT_GE(turned.size(), 10u);
    for (double d : turned) EXPECT_LT(std::abs(d), 15.0);
}

TEST(BlazeFaceAnalyzer, FindsNoFaceInAnEmptyRoomAndIgnoresSmallFacesBehind) {
    REQUIRE_MODEL(o);
    auto src = make_frame_source("sim:quick,seed=3", test::sim_options());
    BlazeFaceAnalyzer a(*o);
    auto empty = src->grab(*src->start_time_ms() + 7 * 60'000 + 30'000);  // the away minute
    EXPECT_FALSE(a.analyze(empty->grey).found);
    // A reference face twice the photo's size: the real face is "far smaller".
    cv::Mat photo = cv::imread(test::face_photo(), cv::IMREAD_GRAYSCALE);
    a.set_reference(cv::Rect2f(60, 10, 110, 110));
    EXPECT_FALSE(a.analyze(photo).found);
}

TEST(BlazeFaceAnalyzer, MissingModelNamesTheSetupStep) {
    BlazeFaceAnalyzer::Options o;
    o.model_file = "/nonexistent/bf.onnx";
    try {
        BlazeFaceAnalyzer a(o);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("fetch-models.sh"), std::string::npos);
    }
}

TEST(MakeAnalyzer, TheFaceMeshByDefault) {
    TrackerConfig c;
    EXPECT_EQ(c.analyzer, "mesh");
    auto model = find_blazeface_model("");
    if (!model) GTEST_SKIP() << "BlazeFace model not fetched (scripts/fetch-models.sh)";
    // This OpenCV must run the detector, with or without fusion (4.6 and 4.10 both do).
    ASSERT_TRUE(blazeface_runtime(*model).runs) << blazeface_runtime(*model).problem;
    if (!find_model(kCanonicalMeshFile, "")) GTEST_SKIP() << "canonical mesh not fetched (scripts/fetch-models.sh)";
    const AnalyzerChoice choice = choose_analyzer(c);
    EXPECT_EQ(choice.analyzer->name(), "mesh");
    EXPECT_EQ(choice.requested, "mesh");
    EXPECT_EQ(choice.fallback, "");
}

TEST(MakeAnalyzer, AMissingDefaultModelFallsBackAndSaysWhy) {
    auto detector = find_blazeface_model("");
    if (!detector) GTEST_SKIP() << "BlazeFace model not fetched (scripts/fetch-models.sh)";
    test::TempDir dir;  // holds the detector only: the face mesh's files are missing
    std::filesystem::copy_file(*detector, dir.path() / kBlazeFaceModelFile);
    const AnalyzerChoice mesh = choose_analyzer(TrackerConfig{}, {dir.path().string()});
    EXPECT_EQ(mesh.analyzer->name(), "blazeface");
    EXPECT_NE(mesh.fallback.find(kFaceLandmarkModelFile), std::string::npos) << mesh.fallback;
    EXPECT_NE(mesh.fallback.find("using blazeface"), std::string::npos) << mesh.fallback;

    const AnalyzerChoice nothing = choose_analyzer(TrackerConfig{}, {"/nonexistent"});
    EXPECT_EQ(nothing.analyzer->name(), "cascade");
    EXPECT_NE(nothing.fallback.find(kBlazeFaceModelFile), std::string::npos) << nothing.fallback;
}

TEST(MakeAnalyzer, AConfiguredModelMustExist) {
    TrackerConfig c;
    c.model = "/nonexistent/bf.onnx";  // named explicitly: must exist
    EXPECT_THROW(make_analyzer(c), ConfigError);
}

}  // namespace
}  // namespace pg
