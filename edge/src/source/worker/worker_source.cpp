#include "source/worker/worker_source.hpp"

#include "pg/log.hpp"
#include "source/worker/child_process.hpp"
#include "source/worker/worker_protocol.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <poll.h>
#include <unistd.h>
#include <optional>
#include <stdexcept>

namespace pg {

using worker::FrameKind;
using worker::Io;

struct WorkerSource::Impl {
    WorkerSourceOptions opt;
    std::unique_ptr<ChildProcess> child;
    std::string what;  // the child's describe()
    std::uint64_t index = 0;
    std::int64_t retry_at_ms = 0;
    std::int64_t backoff_ms = 0;
    bool suspended = false;

    std::vector<std::string> argv() const {
        const SourceOptions& s = opt.source;
        return {opt.executable, "camera-process",          "--spec",   opt.spec,
                "--width",      std::to_string(s.width),   "--height", std::to_string(s.height),
                "--fps",        std::to_string(s.fps),     "--timezone", s.timezone,
                "--now-ms",     std::to_string(s.now_ms)};
    }

    // A child whose greeting has not come yet: opening a camera took 40 s
    // under emulation, far past the watchdog, so after start-up the main loop
    // never waits for it; it polls at each grab and ticks on without pixels.
    bool ready = false;
    std::string greeting;  // its bytes so far
    std::chrono::steady_clock::time_point greet_by;

    void spawn() {
        child = std::make_unique<ChildProcess>(argv());
        ready = false;
        greeting.clear();
        greet_by = std::chrono::steady_clock::now() + opt.start_timeout;
    }

    enum class Greeting { waiting, opened, refused, broken };
    // Reads what the child has sent of its greeting, waiting at most until
    // `until`; on refused or broken, `text` says why.
    Greeting read_greeting(std::chrono::steady_clock::time_point until, std::string& text) {
        constexpr std::size_t kHeader = 9;  // magic, ok, len
        for (;;) {
            if (greeting.size() >= kHeader) {
                std::uint32_t magic = 0, len = 0;
                std::memcpy(&magic, greeting.data(), 4);
                std::memcpy(&len, greeting.data() + 5, 4);
                if (magic != worker::kMagic || len > worker::kMaxText) {
                    text = "sent no valid greeting";
                    return Greeting::broken;
                }
                if (greeting.size() >= kHeader + len) {
                    text = greeting.substr(kHeader, len);
                    return greeting[4] ? Greeting::opened : Greeting::refused;
                }
            }
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
            pollfd pfd{child->fd(), POLLIN, 0};
            int r = ::poll(&pfd, 1, static_cast<int>(std::clamp<long long>(left.count(), 0, 60'000)));
            if (r < 0 && errno == EINTR) continue;
            if (r == 0) {
                if (std::chrono::steady_clock::now() < until) continue;
                return Greeting::waiting;
            }
            char buf[512];
            ssize_t got = r < 0 ? -1 : ::read(child->fd(), buf, sizeof buf);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                text = got == 0 ? "closed its socket" : "socket error";
                return Greeting::broken;
            }
            greeting.append(buf, static_cast<std::size_t>(got));
        }
    }

    // At start-up: waits for the greeting; throws with the reason it did not open.
    void start_and_wait() {
        spawn();
        std::string text;
        switch (read_greeting(greet_by, text)) {
        case Greeting::opened: ready = true; what = text; return;
        case Greeting::refused: child->stop(std::chrono::milliseconds(1000)); child.reset(); throw std::runtime_error(text);
        case Greeting::waiting: text = "did not open the source within " + std::to_string(opt.start_timeout.count() / 1000) + " s"; break;
        case Greeting::broken: break;
        }
        std::string ended = child->kill_now();
        child.reset();
        throw std::runtime_error("camera process " + text + " (" + ended + ")");
    }

    // The child failed: let it go, and try again after the back-off.
    void fail(std::int64_t t_ms, const std::string& why) {
        std::string ended = child ? child->kill_now() : std::string();
        child.reset();
        backoff_ms = backoff_ms == 0 ? opt.first_backoff_ms : std::min(backoff_ms * 2, opt.max_backoff_ms);
        retry_at_ms = t_ms + backoff_ms;
        log::warn("camera", "camera process ", why, ended.empty() ? "" : " (" + ended + ")", "; a new one in ",
                  backoff_ms / 1000.0, " s");
    }

    // One frame from the child; nullopt when it failed (already handled).
    std::optional<std::optional<cv::Mat>> ask(std::int64_t t_ms) {
        const int in = child->fd();
        unsigned char req[9];
        req[0] = worker::kOpGrab;
        std::memcpy(req + 1, &t_ms, sizeof t_ms);
        if (!worker::write_all(child->fd(), req, sizeof req)) {
            fail(t_ms, "closed its socket");
            return std::nullopt;
        }
        const auto deadline = std::chrono::steady_clock::now() + opt.reply_timeout;
        std::uint8_t kind = 0;
        std::uint32_t size[2] = {0, 0};
        Io io = worker::read_exact(in, &kind, 1, deadline);
        if (io == Io::ok) io = worker::read_exact(in, size, sizeof size, deadline);
        if (io != Io::ok) {
            fail(t_ms, to_string(io));
            return std::nullopt;
        }
        const auto k = static_cast<FrameKind>(kind);
        if (k == FrameKind::ended) return std::optional<cv::Mat>{};  // handled by the caller
        if (k == FrameKind::no_pixels) return std::optional<cv::Mat>{cv::Mat()};
        if (k != FrameKind::pixels || size[0] == 0 || size[1] == 0 || size[0] > worker::kMaxSide ||
            size[1] > worker::kMaxSide) {
            fail(t_ms, "sent a malformed frame (kind " + std::to_string(kind) + ", " + std::to_string(size[1]) + "x" +
                           std::to_string(size[0]) + ")");
            return std::nullopt;
        }
        cv::Mat grey(static_cast<int>(size[0]), static_cast<int>(size[1]), CV_8UC1);
        io = worker::read_exact(in, grey.data, grey.total(), deadline);
        if (io != Io::ok) {
            fail(t_ms, to_string(io));
            return std::nullopt;
        }
        return std::optional<cv::Mat>{std::move(grey)};
    }
};

WorkerSource::WorkerSource(WorkerSourceOptions options) : impl_(std::make_unique<Impl>()) {
    impl_->opt = std::move(options);
    impl_->start_and_wait();
    log::info("camera", "camera process ", impl_->child->pid(), " runs ", impl_->what);
}

WorkerSource::~WorkerSource() {
    if (impl_->child) impl_->child->stop(std::chrono::milliseconds(1000));
}

std::optional<Frame> WorkerSource::grab(std::int64_t t_ms) {
    Impl& m = *impl_;
    Frame f;
    f.t_ms = t_ms;
    f.index = m.index++;
    if (m.suspended) return f;
    if (!m.child) {
        if (t_ms < m.retry_at_ms) return f;  // no pixels: the camera is in error
        try {
            m.spawn();
        } catch (const std::exception& e) {
            m.fail(t_ms, std::string("could not start: ") + e.what());
            return f;
        }
    }
    if (!m.ready) {
        std::string text;
        switch (m.read_greeting(std::chrono::steady_clock::now(), text)) {
        case Impl::Greeting::waiting:
            if (std::chrono::steady_clock::now() < m.greet_by) return f;  // still opening the camera
            m.fail(t_ms, "did not open the source within " + std::to_string(m.opt.start_timeout.count() / 1000) + " s");
            return f;
        case Impl::Greeting::refused: m.fail(t_ms, "could not open the source: " + text); return f;
        case Impl::Greeting::broken: m.fail(t_ms, text); return f;
        case Impl::Greeting::opened:
            m.ready = true;
            m.what = text;
            log::info("camera", "camera process ", m.child->pid(), " started again: ", m.what);
            break;
        }
    }
    auto got = m.ask(t_ms);
    if (!got) return f;
    if (!*got) return std::nullopt;  // a finite source ended in the child
    f.grey = std::move(**got);
    if (!f.grey.empty()) m.backoff_ms = 0;  // healthy again: the next fault starts the back-off afresh
    return f;
}

void WorkerSource::suspend() {
    Impl& m = *impl_;
    if (m.suspended) return;
    m.suspended = true;
    if (m.child) {
        // A second at most: the camera is released with the process either way,
        // and the main loop does not wait longer.
        std::string ended = m.child->stop(std::chrono::milliseconds(1000));
        m.child.reset();
        log::info("camera", "camera process ended while monitoring is paused (", ended, ")");
    }
}

void WorkerSource::resume() {
    Impl& m = *impl_;
    if (!m.suspended) return;
    m.suspended = false;
    m.retry_at_ms = 0;  // the next grab() starts a child at once
    m.backoff_ms = 0;
}

std::string WorkerSource::describe() const { return impl_->what + " (in its own process)"; }

int WorkerSource::child_pid() const { return impl_->child && impl_->ready ? impl_->child->pid() : -1; }

}  // namespace pg
