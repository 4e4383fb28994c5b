#include "vision/cascade_analyzer.hpp"

#include "edge_test_support.hpp"
#include "pg/errors.hpp"
#include "source/frame_source.hpp"
#include "vision/model_files.hpp"
#include "vision/tracker_config.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace pg {
namespace {

CascadeAnalyzer::Options options(bool tracking = true, int width = 320) {
    CascadeAnalyzer::Options o;
    o.cascade_file = cascade_path(TrackerConfig{}.cascade);
    o.tracking = tracking;
    o.analysis_width = width;
    return o;
}

TEST(CascadeAnalyzer, FindsTheFaceInThePhoto) {
    cv::Mat photo = cv::imread(test::face_photo(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(photo.empty());
    CascadeAnalyzer a(options(false));
    Observation obs = a.analyze(photo);
    ASSERT_TRUE(obs.found);
    EXPECT_EQ(obs.faces, 1);
    // Eileen Collins' face in the 256x256 portrait: upper middle, ~50 px wide.
    EXPECT_NEAR(obs.face.x + obs.face.width / 2, 113, 10);
    EXPECT_NEAR(obs.face.y + obs.face.height / 2, 58, 10);
    EXPECT_NEAR(obs.face.width, 50, 10);
    EXPECT_GT(obs.confidence, 0);
    EXPECT_GT(obs.brightness, 50);
}

TEST(CascadeAnalyzer, FindsNoFaceInAnEmptyRoom) {
    auto src = make_frame_source("sim:quick,seed=3", test::sim_options());
    const std::int64_t away = *src->start_time_ms() + 7 * 60'000 + 30'000;
    auto f = src->grab(away);
    ASSERT_EQ(f->truth->state, PostureState::away);
    CascadeAnalyzer a(options());
    EXPECT_FALSE(a.analyze(f->grey).found);
}

// Downscaling must not change where the face is reported: boxes come back in
// full-frame pixels.
TEST(CascadeAnalyzer, ReportsFullFramePixelsWhenDownscaling) {
    auto src = make_frame_source("sim:quick,seed=3", test::sim_options(640, 480));
    auto f = src->grab(*src->start_time_ms() + 30'000);
    CascadeAnalyzer a(options(true, 320));
    Observation obs = a.analyze(f->grey);
    ASSERT_TRUE(obs.found);
    const cv::Rect2f truth = *f->truth->face;
    EXPECT_GT((truth & obs.face).area() / (truth | obs.face).area(), 0.6f);
}

TEST(CascadeAnalyzer, TracksInAWindowAfterTheFirstFace) {
    auto src = make_frame_source("sim:quick,seed=3", test::sim_options());
    const std::int64_t t0 = *src->start_time_ms();
    CascadeAnalyzer a(options());
    int window = 0, full = 0;
    for (std::int64_t t = t0; t < t0 + 120'000; t += 1000) {
        ASSERT_TRUE(a.analyze(src->grab(t)->grey).found);
        window += a.last_search() == CascadeAnalyzer::Search::window;
        full += a.last_search() == CascadeAnalyzer::Search::full;
    }
    EXPECT_GE(full, 1);
    EXPECT_GE(window, 110);  // steady sitting: the window almost always suffices
}

// A head resting on one side: the upright cascade loses it, the turned window
// finds it where it is, so the user is not reported away.
TEST(CascadeAnalyzer, FindsAHeadRestingOnOneSideByTurningTheWindow) {
    cv::Mat photo = cv::imread(test::face_photo(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(photo.empty());
    const cv::Point2f face_centre(113, 58);
    for (double tilt : {28.0, -28.0}) {
        cv::Mat tilted;
        cv::warpAffine(photo, tilted, cv::getRotationMatrix2D(face_centre, tilt, 1.0), photo.size(), cv::INTER_LINEAR,
                       cv::BORDER_REPLICATE);
        for (double turn : {0.0, 20.0}) {
            auto o = options(true);
            o.rotated_search_deg = turn;
            CascadeAnalyzer a(o);
            ASSERT_TRUE(a.analyze(photo).found);
            const Observation obs = a.analyze(tilted);
            if (turn == 0.0) {
                EXPECT_FALSE(obs.found) << "the upright search alone finds the face tilted " << tilt
                                        << " degrees: the test proves nothing";
                continue;
            }
            ASSERT_TRUE(obs.found) << tilt;
            EXPECT_EQ(a.last_search(), CascadeAnalyzer::Search::rotated);
            EXPECT_NEAR(obs.face.x + obs.face.width / 2, face_centre.x, 8) << tilt;
            EXPECT_NEAR(obs.face.y + obs.face.height / 2, face_centre.y, 8) << tilt;
            EXPECT_NEAR(obs.face.width, 50, 12) << tilt;
        }
    }
}

// A dim room: the face is plainly there but its contrasts are a fifth of
// daylight's; the stretched histogram finds it, the raw frame does not.
TEST(CascadeAnalyzer, FindsAFaceInADimRoom) {
    cv::Mat photo = cv::imread(test::face_photo("desk-man.png"), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(photo.empty());
    cv::Mat dim;
    photo.convertTo(dim, -1, 0.2, 8);
    ASSERT_LT(cv::mean(dim)[0], 40.0);
    auto plain = options(false);
    plain.equalise_below = 0;
    EXPECT_TRUE(CascadeAnalyzer(plain).analyze(photo).found);
    EXPECT_FALSE(CascadeAnalyzer(plain).analyze(dim).found) << "the raw dim frame is found: the test proves nothing";
    const Observation obs = CascadeAnalyzer(options(false)).analyze(dim);
    EXPECT_TRUE(obs.found);
    EXPECT_LT(obs.brightness, 40.0) << "brightness is the frame's own, for too_dark";
}

TEST(CascadeAnalyzer, PrefersTheFaceNearestTheReference) {
    cv::Mat photo = cv::imread(test::face_photo(), cv::IMREAD_GRAYSCALE);
    cv::Mat two(photo.rows, photo.cols * 2, CV_8UC1);
    photo.copyTo(two(cv::Rect(0, 0, photo.cols, photo.rows)));
    photo.copyTo(two(cv::Rect(photo.cols, 0, photo.cols, photo.rows)));
    CascadeAnalyzer a(options(false, 512));
    a.set_reference(cv::Rect2f(256 + 88, 33, 50, 50));
    Observation obs = a.analyze(two);
    ASSERT_TRUE(obs.found);
    EXPECT_EQ(obs.faces, 2);
    EXPECT_GT(obs.face.x, 256);
    a.reset();
    a.set_reference(cv::Rect2f(88, 33, 50, 50));
    EXPECT_LT(a.analyze(two).face.x, 256);
}

TEST(CascadeAnalyzer, IgnoresFacesFarSmallerThanExpected) {
    cv::Mat photo = cv::imread(test::face_photo(), cv::IMREAD_GRAYSCALE);
    CascadeAnalyzer a(options(false));
    a.set_reference(cv::Rect2f(60, 10, 120, 120));  // expects a face twice this size
    EXPECT_FALSE(a.analyze(photo).found);
}

TEST(CascadeAnalyzer, MissingCascadeNamesFileAndPackage) {
    CascadeAnalyzer::Options o;
    o.cascade_file = "/nonexistent/haarcascade_frontalface_alt2.xml";
    try {
        CascadeAnalyzer a(o);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(o.cascade_file), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("opencv-data"), std::string::npos);
    }
}

TEST(MakeAnalyzer, BuildsCascadeAndRejectsUnknownNames) {
    TrackerConfig c;
    c.analyzer = "cascade";
    auto a = make_analyzer(c);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->name(), "cascade");
    c.analyzer = "blazeface2000";
    try {
        make_analyzer(c);
        FAIL() << "expected a ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("blazeface2000"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("cascade"), std::string::npos);
    }
}

}  // namespace
}  // namespace pg
