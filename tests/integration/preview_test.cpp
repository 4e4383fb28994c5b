// `pg-edge preview` on the simulated desk: the PNG decoded with OpenCV holds the
// frame and, at the places the analysis reports, the boxes and landmarks.
#include "process.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>

using namespace pg::test;

namespace {

const cv::Vec3b kFace{0, 255, 0};        // BGR, as edge/src/app/preview_render.hpp draws them
const cv::Vec3b kBaseline{255, 0, 255};
const cv::Vec3b kLandmark{0, 255, 255};

CommandResult edge(std::vector<std::string> args) {
    std::vector<std::string> argv{PG_EDGE_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, std::chrono::seconds(120));
}

// Share of the pixels on the rectangle's outline (its 2-pixel line) that have `colour`.
double outline_share(const cv::Mat& img, const nlohmann::json& box, const cv::Vec3b& colour, int skip_top_rows) {
    const int x = box[0], y = box[1], w = box[2], h = box[3];
    int hits = 0, total = 0;
    auto at = [&](int px, int py) {
        if (px < 0 || py < skip_top_rows || px >= img.cols || py >= img.rows) return;
        ++total;
        hits += img.at<cv::Vec3b>(py, px) == colour;
    };
    for (int i = 0; i <= w; ++i) {
        at(x + i, y);
        at(x + i, y + h);
    }
    for (int j = 0; j <= h; ++j) {
        at(x, y + j);
        at(x + w, y + j);
    }
    return total ? static_cast<double>(hits) / total : 0.0;
}

int count(const cv::Mat& img, const cv::Vec3b& colour) {
    int n = 0;
    for (int r = 0; r < img.rows; ++r)
        for (int c = 0; c < img.cols; ++c) n += img.at<cv::Vec3b>(r, c) == colour;
    return n;
}

}  // namespace

TEST(Preview, DrawsWhatTheAnalyzerSawWhereItSawIt) {
    TempDir tmp;
    const std::string state = tmp.path + "/state", png = tmp.path + "/preview.png";
    auto r = edge({"calibrate", "--source", "sim:quick", "--state-dir", state});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = edge({"preview", "--source", "sim:quick", "--state-dir", state, "--out", png, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    cv::Mat img = cv::imread(png, cv::IMREAD_COLOR);
    ASSERT_FALSE(img.empty()) << "not a PNG OpenCV can read";
    EXPECT_EQ(img.cols, 640);  // camera.width × camera.height, the frame as captured
    EXPECT_EQ(img.rows, 480);
    EXPECT_EQ(j["width"], img.cols);
    EXPECT_EQ(j["height"], img.rows);
    EXPECT_EQ(j["state"], "good");  // the quick scenario starts sitting well
    ASSERT_TRUE(j["face"].is_array()) << r.out;
    ASSERT_TRUE(j["baseline"].is_array()) << r.out;
    ASSERT_TRUE(j["metrics"].is_object()) << r.out;
    EXPECT_NEAR(j["metrics"]["width_ratio"].get<double>(), 1.0, 0.1);
    // The text band is at the top: judge the outlines below it.
    EXPECT_GT(outline_share(img, j["face"], kFace, 110), 0.9);
    // The baseline box lies under the face box where they overlap.
    EXPECT_GT(outline_share(img, j["baseline"], kBaseline, 110) + outline_share(img, j["baseline"], kFace, 110), 0.8);
    EXPECT_GT(count(img, kBaseline), 50);
    if (j["analyzer"] == "mesh") {
        EXPECT_EQ(j["landmarks"], 468);
        EXPECT_GT(count(img, kLandmark), 300);
    }
    // Away from the drawing it is the grey frame itself.
    const cv::Vec3b corner = img.at<cv::Vec3b>(img.rows - 5, img.cols - 5);
    EXPECT_TRUE(corner[0] == corner[1] && corner[1] == corner[2]);
    EXPECT_GT(count(img, {255, 255, 255}), 100);  // the state and metrics text
}

TEST(Preview, UncalibratedShowsTheFaceOnlyAndErrorsAreClear) {
    TempDir tmp;
    const std::string png = tmp.path + "/p.png";
    auto r = edge({"preview", "--source", "sim:quick", "--state-dir", tmp.path + "/s", "--out", png, "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["state"], "uncalibrated");
    EXPECT_TRUE(j["baseline"].is_null());
    EXPECT_TRUE(j["metrics"].is_null());
    cv::Mat img = cv::imread(png, cv::IMREAD_COLOR);
    ASSERT_FALSE(img.empty());
    ASSERT_TRUE(j["face"].is_array());
    EXPECT_GT(outline_share(img, j["face"], kFace, 110), 0.9);
    EXPECT_EQ(count(img, kBaseline), 0);
    EXPECT_FALSE(std::filesystem::exists(tmp.path + "/s/baseline.json"));  // a preview never calibrates

    r = edge({"preview", "--source", "sim:quick", "--state-dir", tmp.path + "/s", "--out", tmp.path + "/no/such/dir/p.png"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("cannot write " + tmp.path + "/no/such/dir/p.png"), std::string::npos) << r.err;

    r = edge({"preview", "--source", "v4l2:/dev/video-postureguard-none", "--state-dir", tmp.path + "/s"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("does not exist"), std::string::npos) << r.err;

    r = edge({"preview", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("never published"), std::string::npos) << r.out;
}
