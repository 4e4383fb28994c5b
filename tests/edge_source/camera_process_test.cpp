// The camera in its own process (WorkerSource over `pg-edge camera-process`):
// the same frames as in this process, and a child that is killed, aborts, hangs
// or cannot open its source is a camera fault the edge survives, never its end.
#include "source/worker/worker_source.hpp"

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

#include <cerrno>
#include <csignal>
#include <thread>

using namespace pg;

namespace {

constexpr const char* kSpec = "sim:quick";

WorkerSourceOptions options(std::string spec = kSpec) {
    WorkerSourceOptions o;
    o.executable = PG_EDGE_BIN;
    o.spec = std::move(spec);
    o.source.width = 320;
    o.source.height = 240;
    o.source.now_ms = 1741593600000;
    o.reply_timeout = std::chrono::milliseconds(1500);
    o.first_backoff_ms = 200;
    return o;
}

bool alive(int pid) { return pid > 0 && (::kill(pid, 0) == 0 || errno != ESRCH); }

// The simulated timeline's own start, so both sources draw the same moments.
std::int64_t start_ms() {
    SourceOptions so = options().source;
    return make_frame_source(kSpec, so)->start_time_ms().value();
}

// After a restart the child opens its source while the edge ticks on: frames
// without pixels until it has. Ticks every 600 ms of source time, a short
// real pause between them, at most 100 of them.
std::optional<Frame> grab_until_pixels(WorkerSource& src, std::int64_t& t) {
    for (int i = 0; i < 100; ++i) {
        auto f = src.grab(t);
        if (!f || !f->grey.empty()) return f;
        t += 600;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::nullopt;
}

}  // namespace

TEST(CameraProcess, DeliversTheSameFramesAsTheSourceInThisProcess) {
    SourceOptions so = options().source;
    auto local = make_frame_source(kSpec, so);
    WorkerSource remote(options());
    EXPECT_GT(remote.child_pid(), 0);
    EXPECT_NE(remote.describe().find("own process"), std::string::npos);
    const std::int64_t t0 = local->start_time_ms().value();
    for (int i = 0; i < 5; ++i) {
        auto a = local->grab(t0 + i * 600);
        auto b = remote.grab(t0 + i * 600);
        ASSERT_TRUE(a && b);
        ASSERT_FALSE(b->grey.empty()) << "tick " << i;
        ASSERT_EQ(a->grey.size(), b->grey.size());
        EXPECT_EQ(cv::norm(a->grey, b->grey, cv::NORM_INF), 0.0) << "tick " << i;
    }
}

TEST(CameraProcess, AKilledOrAbortedChildIsACameraErrorAndANewOneFollows) {
    WorkerSource src(options());
    std::int64_t t = start_ms();
    ASSERT_FALSE(src.grab(t)->grey.empty());
    for (int sig : {SIGKILL, SIGABRT}) {
        const int pid = src.child_pid();
        ASSERT_EQ(::kill(pid, sig), 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        t += 600;
        auto f = src.grab(t);  // the pipe is closed: no pixels, the child is reaped
        ASSERT_TRUE(f);
        EXPECT_TRUE(f->grey.empty()) << "signal " << sig;
        EXPECT_EQ(src.child_pid(), -1);
        EXPECT_FALSE(alive(pid)) << "no zombie left after signal " << sig;
        EXPECT_TRUE(src.grab(t + 100)->grey.empty());  // inside the back-off: no new child yet
        EXPECT_EQ(src.child_pid(), -1);
        t += 600;
        f = grab_until_pixels(src, t);
        ASSERT_TRUE(f) << "a new child after signal " << sig;
        EXPECT_GT(src.child_pid(), 0);
        EXPECT_NE(src.child_pid(), pid);
    }
}

TEST(CameraProcess, AHungChildIsKilledAfterTheReplyTimeout) {
    WorkerSource src(options());
    std::int64_t t = start_ms();
    ASSERT_FALSE(src.grab(t)->grey.empty());
    const int pid = src.child_pid();
    ASSERT_EQ(::kill(pid, SIGSTOP), 0);
    auto f = src.grab(t + 600);
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->grey.empty());
    EXPECT_FALSE(alive(pid));
    t += 1200;  // past the 200 ms back-off
    EXPECT_TRUE(grab_until_pixels(src, t));
}

TEST(CameraProcess, TheChildsOwnErrorStopsTheStart) {
    try {
        WorkerSource src(options("v4l2:"));
        FAIL() << "a source that cannot open must throw";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("needs a device"), std::string::npos) << e.what();
    }
    WorkerSourceOptions o = options();
    o.executable = "/nonexistent/pg-edge";
    try {
        WorkerSource src(o);
        FAIL() << "a missing program must throw";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/pg-edge"), std::string::npos) << e.what();
    }
}

TEST(CameraProcess, PausedThereIsNoChildAtAllAndResumeStartsOne) {
    WorkerSource src(options());
    std::int64_t t = start_ms();
    ASSERT_FALSE(src.grab(t)->grey.empty());
    const int pid = src.child_pid();
    src.suspend();
    EXPECT_EQ(src.child_pid(), -1);
    EXPECT_FALSE(alive(pid));
    EXPECT_TRUE(src.grab(t + 600)->grey.empty());
    src.resume();
    t += 1200;
    EXPECT_TRUE(grab_until_pixels(src, t));
    EXPECT_GT(src.child_pid(), 0);
    EXPECT_NE(src.child_pid(), pid);
}
