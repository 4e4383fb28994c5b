#include "source/file/file_source.hpp"

#include "edge_test_support.hpp"
#include "pg/errors.hpp"
#include "source/frame_source.hpp"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include <fstream>

namespace pg {
namespace {

// Five frames of the sim written as PNGs, plus sparse labels.
void write_recording(const std::filesystem::path& dir, bool labels) {
    auto sim = make_frame_source("sim:quick,seed=4", test::sim_options());
    const std::int64_t t0 = *sim->start_time_ms() + 60'000;
    for (int i = 0; i < 5; ++i)
        cv::imwrite((dir / ("shot_" + std::to_string(i) + ".png")).string(), sim->grab(t0 + i * 1000)->grey);
    std::ofstream(dir / "notes.txt") << "not an image\n";
    if (labels) std::ofstream(dir / "labels.csv") << "frame,state\n0,good\n# the user leans in\n3,forward_head\n";
}

SourceOptions at(std::int64_t now, int fps) {
    SourceOptions o = test::sim_options();
    o.now_ms = now;
    o.fps = fps;
    return o;
}

TEST(FileSource, ReplaysADirectoryOfImagesWithLabelsAtItsFrameRate) {
    test::TempDir dir;
    write_recording(dir.path(), true);
    auto src = make_frame_source("file:" + dir.path().string(), at(1'000'000, 2));
    EXPECT_EQ(src->start_time_ms(), 1'000'000);
    EXPECT_NE(src->describe().find("5 images"), std::string::npos);
    auto f0 = src->grab(1'000'000);
    ASSERT_TRUE(f0 && f0->truth);
    EXPECT_EQ(f0->index, 0u);
    EXPECT_TRUE(f0->truth->calibrate);  // a labelled recording starts with calibration
    EXPECT_EQ(f0->truth->state, PostureState::good);
    EXPECT_EQ(f0->grey.type(), CV_8UC1);
    EXPECT_EQ(f0->grey.size(), cv::Size(320, 240));
    // 2 fps: 1.6 s in is frame 3, whose label starts forward_head; frame 4 inherits it.
    auto f3 = src->grab(1'001'600);
    EXPECT_EQ(f3->index, 3u);
    EXPECT_FALSE(f3->truth->calibrate);
    EXPECT_EQ(f3->truth->state, PostureState::forward_head);
    EXPECT_EQ(src->grab(1'002'000)->truth->state, PostureState::forward_head);
    EXPECT_FALSE(src->grab(1'002'500));  // past the last image: the source has ended
}

TEST(FileSource, GlobsAndUnlabelledRecordings) {
    test::TempDir dir;
    write_recording(dir.path(), false);
    FileSource src((dir.path() / "shot_[0-2].png").string(), at(0, 10));
    EXPECT_EQ(src.image_count(), 3u);
    auto f = src.grab(0);
    ASSERT_TRUE(f);
    EXPECT_FALSE(f->truth);  // no labels, no truth, no calibrate press
}

TEST(FileSource, ClearErrors) {
    test::TempDir dir;
    auto error_of = [&](const std::string& spec, const std::string& labels = "") {
        SourceOptions o = at(0, 10);
        o.labels_file = labels;
        try {
            make_frame_source(spec, o);
        } catch (const ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(error_of("file:" + dir.path().string()).find("no images found"), std::string::npos);
    EXPECT_NE(error_of("file:").find("needs a path"), std::string::npos);
    write_recording(dir.path(), false);
    std::ofstream(dir.path() / "bad.csv") << "0,good\n1,hunched\n";
    const std::string e = error_of("file:" + dir.path().string(), (dir.path() / "bad.csv").string());
    EXPECT_NE(e.find("bad.csv:2"), std::string::npos) << e;
    EXPECT_NE(e.find("hunched"), std::string::npos) << e;
}

TEST(FileSource, ReadsAVideoFrameByFrame) {
    test::TempDir dir;
    const std::string video = (dir.path() / "clip.avi").string();
    {
        cv::VideoWriter w(video, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 5.0, cv::Size(160, 120), false);
        if (!w.isOpened()) GTEST_SKIP() << "this OpenCV cannot write MJPG";
        for (int i = 0; i < 6; ++i) w.write(cv::Mat(120, 160, CV_8UC1, cv::Scalar(40 * i)));
    }
    FileSource src(video, at(0, 10));
    EXPECT_NE(src.describe().find("5 fps"), std::string::npos);
    auto f = src.grab(650);  // 5 fps: frame 3
    ASSERT_TRUE(f);
    EXPECT_EQ(f->index, 3u);
    EXPECT_NEAR(cv::mean(f->grey)[0], 120, 6);
    EXPECT_FALSE(src.grab(1300));
}

}  // namespace
}  // namespace pg
