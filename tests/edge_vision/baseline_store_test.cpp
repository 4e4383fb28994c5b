#include "vision/baseline_store.hpp"

#include "edge_test_support.hpp"
#include "pg/log.hpp"
#include "vision/posture_tracker.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/stat.h>

#include <cerrno>
#include <csignal>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace pg {
namespace {

namespace fs = std::filesystem;

Baseline sample_baseline() {
    Baseline b = Baseline::from_face(cv::Rect2f(130, 70, 60, 60), cv::Size(320, 240));
    b.t_ms = 1773144000000;
    b.frames = 7;
    return b;
}

void write_text(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

TEST(BaselineStore, MissingFileMeansUncalibrated) {
    test::TempDir dir;
    EXPECT_FALSE(BaselineStore(dir.path() / "none.json").load());
}

TEST(BaselineStore, RoundTripsAndCreatesTheDirectory) {
    test::TempDir dir;
    BaselineStore store(dir.path() / "state" / "baseline.json");
    store.save(sample_baseline());
    auto back = store.load();
    ASSERT_TRUE(back);
    EXPECT_DOUBLE_EQ(back->cx, sample_baseline().cx);
    EXPECT_DOUBLE_EQ(back->width, sample_baseline().width);
    EXPECT_EQ(back->t_ms, 1773144000000);
    EXPECT_EQ(back->frames, 7);
}

TEST(BaselineStore, ReplacesAtomicallyAndLeavesNoTempFiles) {
    test::TempDir dir;
    const fs::path file = dir.path() / "baseline.json";
    BaselineStore store(file);
    store.save(sample_baseline());
    struct stat before {};
    ASSERT_EQ(::stat(file.c_str(), &before), 0);
    Baseline moved = sample_baseline();
    moved.cx = 0.6;
    store.save(moved);
    struct stat after {};
    ASSERT_EQ(::stat(file.c_str(), &after), 0);
    // rename() swaps in a new inode; writing in place would keep the old one.
    EXPECT_NE(before.st_ino, after.st_ino);
    EXPECT_DOUBLE_EQ(store.load()->cx, 0.6);
    int entries = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) {
        ++entries;
        EXPECT_EQ(e.path().filename(), "baseline.json");
    }
    EXPECT_EQ(entries, 1);
}

// A full disk, made with a file size limit: unlike directory permissions it
// binds root too, so the test runs where CI runs (as root).
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &old_);
        old_handler_ = std::signal(SIGXFSZ, SIG_IGN);  // EFBIG from write() instead of a core dump
        rlimit r = old_;
        r.rlim_cur = bytes;
        ok_ = ::setrlimit(RLIMIT_FSIZE, &r) == 0;
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &old_);
        std::signal(SIGXFSZ, old_handler_);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;
    bool ok() const { return ok_; }

private:
    rlimit old_{};
    void (*old_handler_)(int) = nullptr;
    bool ok_ = false;
};

TEST(BaselineStore, SaveFailureThrowsAndKeepsTheOldFile) {
    test::TempDir dir;
    const fs::path file = dir.path() / "baseline.json";
    BaselineStore store(file);
    store.save(sample_baseline());
    Baseline moved = sample_baseline();
    moved.cx = 0.7;
    {
        FileSizeLimit full(16);
        ASSERT_TRUE(full.ok());
        try {
            store.save(moved);
            ADD_FAILURE() << "a save onto a full disk did not throw";
        } catch (const std::system_error& e) {
            EXPECT_EQ(e.code().value(), EFBIG) << e.what();
            EXPECT_NE(std::string(e.what()).find("baseline.json"), std::string::npos) << e.what();
        }
    }
    EXPECT_DOUBLE_EQ(store.load()->cx, sample_baseline().cx);
    // The half-written temporary file is gone: only the old baseline is left.
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir.path())) names.push_back(entry.path().filename().string());
    EXPECT_EQ(names, std::vector<std::string>{"baseline.json"});
}

TEST(BaselineStore, ABaselineWithoutPitchAsksOnceForARecalibration) {
    test::TempDir dir;
    const fs::path file = dir.path() / "baseline.json";
    Baseline old = sample_baseline();
    old.analyzer = "scripted";
    old.head = Baseline::Head{0.0, 1.1, std::nullopt};  // stored before pitch was read
    BaselineStore(file).save(old);
    std::vector<std::string> warnings;
    log::set_sink([&](log::Level l, std::string_view, std::string_view m) {
        if (l == log::Level::warn) warnings.emplace_back(m);
    });
    std::deque<Observation> script;
    PostureTracker tracker(TrackerConfig{}, std::make_unique<test::ScriptedAnalyzer>(&script), file);
    ASSERT_TRUE(tracker.calibrated());
    for (int i = 0; i < 3; ++i) {
        Observation o = test::face_at(160, 100, 60);
        o.head = HeadPose{0.0, 0.0, 5.0, 1.1};
        script.push_back(o);
        Frame f;
        f.grey = cv::Mat(cv::Size(320, 240), CV_8UC1, cv::Scalar(128));
        f.t_ms = 1773144000000 + i * 1000;
        tracker.process(f);
    }
    log::set_sink(nullptr);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("no pitch reading"), std::string::npos) << warnings[0];
    EXPECT_NE(warnings[0].find("recalibrate"), std::string::npos) << warnings[0];
}

class CorruptBaseline : public ::testing::TestWithParam<std::string> {};

TEST_P(CorruptBaseline, IsIgnoredWithAWarning) {
    test::TempDir dir;
    const fs::path file = dir.path() / "baseline.json";
    write_text(file, GetParam());
    std::string warnings;
    log::set_sink([&](log::Level l, std::string_view, std::string_view m) {
        if (l == log::Level::warn) warnings += std::string(m);
    });
    EXPECT_FALSE(BaselineStore(file).load());
    // The tracker starts uncalibrated instead of failing.
    std::deque<Observation> script;
    PostureTracker tracker(TrackerConfig{}, std::make_unique<test::ScriptedAnalyzer>(&script), file);
    EXPECT_FALSE(tracker.calibrated());
    log::set_sink(nullptr);
    EXPECT_NE(warnings.find(file.string()), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Files, CorruptBaseline,
                         ::testing::Values("", "{not json", "[1,2,3]", R"({"version":1,"cx":0.5})",
                                           R"({"version":9,"cx":0.5,"cy":0.5,"width":0.2,"height":0.2,"t_ms":1})",
                                           R"({"version":1,"cx":0.5,"cy":0.5,"width":-1,"height":0.2,"t_ms":1})",
                                           R"({"version":1,"cx":"x","cy":0.5,"width":0.2,"height":0.2,"t_ms":1})"));

}  // namespace
}  // namespace pg
