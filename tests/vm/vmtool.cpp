// pgvm-tool: small helpers the VM test runs inside the guest, linked statically so
// one binary serves every Debian release.
//
//   pgvm-tool feed DEVICE FPS FRAMES   writes the grey frames of FRAMES (a clip made
//                                      by pgvm-frames) to a v4l2loopback DEVICE as
//                                      YUYV, looping; FRAMES is opened anew at every
//                                      pass, so pointing a symlink elsewhere switches
//                                      the scene at the end of the current pass.
//   pgvm-tool watch SECONDS VALUE...   samples gpio-sim `value` files every 2 ms and
//                                      prints, per file, the pulses seen: count, the
//                                      longest on-time, the total, the first pulses.
//   pgvm-tool press PULL MS            holds a gpio-sim line's PULL file at pull-down
//                                      for MS milliseconds, then pull-up, in one
//                                      real-time process (a shell's forks stretch a
//                                      press on a starved guest); prints the hold.
//   pgvm-tool clock-synced             marks the kernel clock NTP-synchronised, as an
//                                      NTP daemon does (adjtimex), for a VM without
//                                      network whose clock comes from the host's RTC.
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/timex.h>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

int fail(const std::string& what) {
    std::fprintf(stderr, "pgvm-tool: %s: %s\n", what.c_str(), std::strerror(errno));
    return 1;
}

struct Clip {
    int width = 0, height = 0;
    std::vector<std::vector<unsigned char>> frames;
};

// "PGF1 W H N\n" followed by N frames of W*H grey bytes.
bool load_clip(const char* path, Clip& clip) {
    std::ifstream in(path, std::ios::binary);
    std::string magic;
    int n = 0;
    if (!(in >> magic >> clip.width >> clip.height >> n) || magic != "PGF1" || clip.width <= 0 || clip.height <= 0 ||
        n <= 0)
        return false;
    in.get();
    clip.frames.assign(static_cast<std::size_t>(n), {});
    for (auto& f : clip.frames) {
        f.resize(static_cast<std::size_t>(clip.width) * static_cast<std::size_t>(clip.height));
        if (!in.read(reinterpret_cast<char*>(f.data()), static_cast<std::streamsize>(f.size()))) return false;
    }
    return true;
}

int feed(const char* device, int fps, const char* path) {
    Clip clip;
    if (!load_clip(path, clip)) return errno = EINVAL, fail(std::string("cannot read clip ") + path);
    int fd = ::open(device, O_WRONLY);
    if (fd < 0) return fail(std::string("cannot open ") + device);
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    fmt.fmt.pix.width = static_cast<unsigned>(clip.width);
    fmt.fmt.pix.height = static_cast<unsigned>(clip.height);
    fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
    fmt.fmt.pix.field = V4L2_FIELD_NONE;
    fmt.fmt.pix.bytesperline = static_cast<unsigned>(clip.width) * 2;
    fmt.fmt.pix.sizeimage = fmt.fmt.pix.bytesperline * static_cast<unsigned>(clip.height);
    fmt.fmt.pix.colorspace = V4L2_COLORSPACE_SRGB;
    if (::ioctl(fd, VIDIOC_S_FMT, &fmt) != 0) return fail("VIDIOC_S_FMT on the loopback output");
    std::fprintf(stderr, "pgvm-tool: feeding %s with %dx%d YUYV at %d fps from %s\n", device, clip.width, clip.height,
                 fps, path);
    std::vector<unsigned char> yuyv(fmt.fmt.pix.sizeimage);
    const auto period = std::chrono::microseconds(1'000'000 / std::max(1, fps));
    auto next = Clock::now();
    for (;;) {
        for (const auto& grey : clip.frames) {
            for (std::size_t i = 0; i < grey.size(); ++i) {
                yuyv[2 * i] = grey[i];
                yuyv[2 * i + 1] = 128;  // no colour
            }
            if (::write(fd, yuyv.data(), yuyv.size()) != static_cast<ssize_t>(yuyv.size()))
                return fail("write to the loopback device");
            next += period;
            std::this_thread::sleep_until(next);
        }
        Clip again;  // the scene may have been switched meanwhile
        if (load_clip(path, again) && again.width == clip.width && again.height == clip.height)
            clip = std::move(again);
    }
}

struct Line {
    std::string path;
    int fd = -1;
    bool on = false;
    Clock::time_point since{};
    int pulses = 0;
    std::int64_t max_on_ms = 0, total_on_ms = 0;
    std::string first;  // the first pulses as on/off durations in ms
};

int read_value(int fd) {
    char c = 0;
    if (::pread(fd, &c, 1, 0) != 1) return -1;
    return c == '1' ? 1 : 0;
}

int watch(double seconds, std::vector<Line> lines) {
    for (auto& l : lines)
        if ((l.fd = ::open(l.path.c_str(), O_RDONLY)) < 0) return fail("cannot open " + l.path);
    const auto start = Clock::now();
    const auto end = start + std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    auto ms = [](Clock::duration d) -> std::int64_t {
        return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
    };
    std::vector<Clock::time_point> off_since(lines.size(), start);
    for (auto now = start; now < end; now = Clock::now()) {
        for (std::size_t i = 0; i < lines.size(); ++i) {
            auto& l = lines[i];
            const int v = read_value(l.fd);
            if (v < 0) return fail("cannot read " + l.path);
            if (v == 1 && !l.on) {
                if (l.pulses > 0 && l.pulses <= 8) l.first += "/" + std::to_string(ms(now - off_since[i])) + " ";
                l.on = true;
                l.since = now;
            } else if (v == 0 && l.on) {
                const auto d = ms(now - l.since);
                ++l.pulses;
                l.max_on_ms = std::max(l.max_on_ms, d);
                l.total_on_ms += d;
                if (l.pulses <= 8) l.first += std::to_string(d);
                l.on = false;
                off_since[i] = now;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    for (auto& l : lines) {
        if (l.on) l.max_on_ms = std::max(l.max_on_ms, ms(Clock::now() - l.since));
        std::printf("%s pulses=%d max_on_ms=%lld total_on_ms=%lld end=%d first_ms=[%s]\n", l.path.c_str(), l.pulses,
                    static_cast<long long>(l.max_on_ms), static_cast<long long>(l.total_on_ms), l.on ? 1 : 0,
                    l.first.c_str());
    }
    return 0;
}

bool write_pull(int fd, const char* value) {
    const auto n = static_cast<ssize_t>(std::strlen(value));
    return ::pwrite(fd, value, static_cast<std::size_t>(n), 0) == n;
}

int press(const std::string& pull, int hold_ms) {
    // Best effort: on a guest whose analysis takes most of the CPU, a normal
    // process can wake long after its sleep ends and turn a short press long.
    sched_param sp{};
    sp.sched_priority = 50;
    const bool realtime = ::sched_setscheduler(0, SCHED_FIFO, &sp) == 0;
    ::mlockall(MCL_CURRENT | MCL_FUTURE);
    const int fd = ::open(pull.c_str(), O_WRONLY);
    if (fd < 0) return fail("cannot open " + pull);
    if (!write_pull(fd, "pull-down")) return fail("cannot write pull-down to " + pull);
    const auto t0 = Clock::now();
    std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms));
    const bool up = write_pull(fd, "pull-up");
    const auto held = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
    ::close(fd);
    if (!up) return fail("cannot write pull-up to " + pull);
    std::printf("%lld\n", static_cast<long long>(held));
    std::fprintf(stderr, "press: held %lld ms (asked %d ms, %s)\n", static_cast<long long>(held), hold_ms,
                 realtime ? "SCHED_FIFO" : "normal priority");
    return 0;
}

int clock_synced() {
    timex tx{};
    tx.modes = ADJ_STATUS | ADJ_MAXERROR | ADJ_ESTERROR;
    tx.status = 0;  // clears STA_UNSYNC
    tx.maxerror = 0;
    tx.esterror = 0;
    const int state = ::adjtimex(&tx);
    if (state < 0) return fail("adjtimex");
    std::printf("clock: adjtimex state %d (%s), status 0x%x\n", state, state == TIME_ERROR ? "unsynchronised" : "synchronised",
                static_cast<unsigned>(tx.status));
    return state == TIME_ERROR ? 1 : 0;
}

int usage() {
    std::fprintf(stderr, "usage: pgvm-tool feed DEVICE FPS FRAMES | watch SECONDS VALUE... | press PULL MS | clock-synced\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string cmd = argv[1];
    if (cmd == "feed" && argc == 5) return feed(argv[2], std::atoi(argv[3]), argv[4]);
    if (cmd == "watch" && argc >= 4) {
        std::vector<Line> lines;
        for (int i = 3; i < argc; ++i) {
            Line l;
            l.path = argv[i];
            lines.push_back(std::move(l));
        }
        return watch(std::atof(argv[2]), std::move(lines));
    }
    if (cmd == "press" && argc == 4) return press(argv[2], std::atoi(argv[3]));
    if (cmd == "clock-synced" && argc == 2) return clock_synced();
    return usage();
}
