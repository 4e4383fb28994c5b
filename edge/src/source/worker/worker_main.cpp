#include "source/worker/worker_main.hpp"

#include "source/worker/worker_protocol.hpp"

#include <csignal>
#include <cstring>
#include <sys/prctl.h>
#include <unistd.h>

namespace pg {
namespace {

bool hello(int fd, bool ok, const std::string& text) {
    std::string t = text.substr(0, worker::kMaxText);
    std::uint32_t magic = worker::kMagic, len = static_cast<std::uint32_t>(t.size());
    std::uint8_t k = ok ? 1 : 0;
    return worker::write_all(fd, &magic, sizeof magic) && worker::write_all(fd, &k, 1) &&
           worker::write_all(fd, &len, sizeof len) && worker::write_all(fd, t.data(), t.size());
}

bool reply(int fd, worker::FrameKind kind, const cv::Mat& grey) {
    std::uint8_t k = static_cast<std::uint8_t>(kind);
    std::uint32_t size[2] = {static_cast<std::uint32_t>(grey.rows), static_cast<std::uint32_t>(grey.cols)};
    if (!worker::write_all(fd, &k, 1) || !worker::write_all(fd, size, sizeof size)) return false;
    if (kind != worker::FrameKind::pixels) return true;
    for (int r = 0; r < grey.rows; ++r)  // row by row: a camera's rows may be padded
        if (!worker::write_all(fd, grey.ptr(r), static_cast<std::size_t>(grey.cols))) return false;
    return true;
}

}  // namespace

int run_camera_process(const std::string& spec, const SourceOptions& options, int in_fd, int out_fd) {
    // The edge owns this process's life: it ends it by closing our input, and
    // if the edge dies first the kernel ends us. Stop signals for the service
    // reach the whole unit; the edge's main loop handles them and lets us go.
    const pid_t parent = getppid();
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) return 0;
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGTERM, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);

    std::unique_ptr<FrameSource> source;
    try {
        source = make_frame_source(spec, options);
    } catch (const std::exception& e) {
        hello(out_fd, false, e.what());
        return 1;
    }
    if (!hello(out_fd, true, source->describe())) return 0;
    const auto forever = std::chrono::steady_clock::time_point::max();
    for (;;) {
        unsigned char req[9];
        if (worker::read_exact(in_fd, req, sizeof req, forever) != worker::Io::ok) return 0;
        if (req[0] != worker::kOpGrab) return 2;
        std::int64_t t_ms = 0;
        std::memcpy(&t_ms, req + 1, sizeof t_ms);
        auto f = source->grab(t_ms);
        bool sent = !f ? reply(out_fd, worker::FrameKind::ended, cv::Mat())
                    : f->grey.empty() || f->grey.type() != CV_8UC1
                        ? reply(out_fd, worker::FrameKind::no_pixels, cv::Mat())
                        : reply(out_fd, worker::FrameKind::pixels, f->grey);
        if (!sent) return 0;
    }
}

}  // namespace pg
