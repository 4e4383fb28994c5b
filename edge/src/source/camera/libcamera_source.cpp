#include "source/camera/libcamera_source.hpp"

#include "pg/log.hpp"
#include "source/camera/libcamera_compat.hpp"
#include "source/camera/libcamera_formats.hpp"
#include "source/camera/libcamera_log.hpp"
#include "source/camera/mapped_buffer.hpp"
#include "source/camera/plane_to_grey.hpp"

#include <libcamera/camera_manager.h>
#include <libcamera/control_ids.h>
#include <libcamera/formats.h>
#include <libcamera/framebuffer_allocator.h>
#include <libcamera/request.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace pg {
namespace {

std::string camera_list(const libcamera::CameraManager& m) {
    std::string s;
    int i = 0;
    for (const auto& c : m.cameras()) s += (s.empty() ? "" : ", ") + std::to_string(i++) + ": " + c->id();
    return s;
}

}  // namespace

struct LibcameraSource::Impl {
    LibcameraOptions opt;
    std::unique_ptr<libcamera::CameraManager> manager;
    std::shared_ptr<libcamera::Camera> camera;
    std::unique_ptr<libcamera::CameraConfiguration> config;
    std::unique_ptr<libcamera::FrameBufferAllocator> allocator;
    std::vector<std::unique_ptr<libcamera::Request>> requests;
    std::map<const libcamera::FrameBuffer*, MappedBuffer> maps;
    libcamera::Stream* stream = nullptr;
    int width = 0, height = 0, stride = 0;
    PixelLayout layout = PixelLayout::y_plane;

    std::mutex mutex;
    std::vector<libcamera::Request*> completed;  // filled by libcamera's thread
    bool removed = false;

    bool running = false;
    bool suspended = false;
    std::atomic<bool> stopping{false};
    bool stall_logged = false;
    std::int64_t last_frame_ms = 0;
    // The newest frame, for a tick that comes before the camera's next one.
    cv::Mat last_grey;
    std::int64_t retry_at_ms = 0;
    std::int64_t backoff_ms = 1000;
    std::uint64_t index = 0;

    // libcamera's thread: hand the request over, nothing else.
    void on_complete(libcamera::Request* r) {
        // Cancelled requests are dropped only while stopping: a pipeline may also
        // cancel one mid-stream, and a request not handed back is a buffer lost
        // for good (four of them, and the camera stalls).
        if (r->status() == libcamera::Request::RequestCancelled && stopping) return;
        std::lock_guard lock(mutex);
        completed.push_back(r);
    }
    void on_removed(std::shared_ptr<libcamera::Camera> cam) {
        std::lock_guard lock(mutex);
        if (camera && cam && cam->id() == camera->id()) removed = true;
    }

    std::shared_ptr<libcamera::Camera> choose() {
        auto cams = manager->cameras();
        if (cams.empty())
            throw std::runtime_error("libcamera: no camera found (check the ribbon cable, camera_auto_detect in "
                                     "config.txt, and `rpicam-hello --list-cameras`)");
        if (opt.camera.empty()) return cams.front();
        if (std::all_of(opt.camera.begin(), opt.camera.end(), ::isdigit)) {
            auto i = std::stoul(opt.camera);
            if (i < cams.size()) return cams[i];
        } else if (auto c = manager->get(opt.camera)) {
            return c;
        }
        throw std::runtime_error("libcamera: camera '" + opt.camera + "' not found (have " + camera_list(*manager) + ")");
    }

    void open() {
        camera = choose();
        if (camera->acquire() != 0) throw std::runtime_error("libcamera: camera " + camera->id() + " is in use by another process");
        auto probe = libcamera_compat::viewfinder_config(*camera);
        if (!probe || probe->empty()) throw std::runtime_error("libcamera: camera " + camera->id() + " offers no viewfinder stream");
        const auto offered = probe->at(0).formats().pixelformats();
        const auto candidates = grey_formats(offered);
        if (candidates.empty())
            throw std::runtime_error("libcamera: camera " + camera->id() + " offers no format with a grey image (has " +
                                     format_list(offered) + ")");
        // A pipeline may list a format it then cannot stream (libcamera 0.4's vimc
        // on Linux 6.12 refuses RGB888 at stream-on): the next one is tried.
        std::string refused;
        for (const auto& grey : candidates) {
            std::string why = start_with(grey);
            if (why.empty()) return;
            log::warn("camera", "libcamera ", camera->id(), ": ", why, "; trying the next format");
            refused += (refused.empty() ? "" : "; ") + why;
            stop_streaming();
        }
        throw std::runtime_error("libcamera: cannot start camera " + camera->id() + " (" + refused + ")");
    }

    // Configures, allocates and starts one format; "" on success, else why not.
    std::string start_with(const GreyFormat& grey) {
        const std::string what = std::to_string(opt.width) + "x" + std::to_string(opt.height) + " " + grey.format.toString();
        config = libcamera_compat::viewfinder_config(*camera);
        auto& sc = config->at(0);
        sc.pixelFormat = grey.format;
        sc.size = libcamera::Size(static_cast<unsigned>(opt.width), static_cast<unsigned>(opt.height));
        sc.bufferCount = 4;
        // validate() may adjust the size (to what the pipeline can scale to) and the stride.
        if (config->validate() == libcamera::CameraConfiguration::Invalid || sc.pixelFormat != grey.format)
            return what + " is not possible";
        if (camera->configure(config.get()) != 0) return "cannot configure " + what;
        stream = sc.stream();
        layout = grey.layout;
        width = static_cast<int>(sc.size.width);
        height = static_cast<int>(sc.size.height);
        stride = static_cast<int>(sc.stride);

        allocator = std::make_unique<libcamera::FrameBufferAllocator>(camera);
        if (allocator->allocate(stream) < 0) return "cannot allocate buffers for " + what;
        for (const auto& buf : allocator->buffers(stream)) {
            const auto& plane = buf->planes()[0];  // the Y plane comes first
            maps.emplace(buf.get(), MappedBuffer(plane.fd.get(), plane.offset, plane.length));
            auto req = camera->createRequest();
            if (!req || req->addBuffer(stream, buf.get()) != 0) return "cannot create a request for " + what;
            requests.push_back(std::move(req));
        }
        camera->requestCompleted.connect(this, &Impl::on_complete);

        libcamera::ControlList controls(libcamera::controls::controls);
        const bool rate_settable =
            camera->controls().find(&libcamera::controls::FrameDurationLimits) != camera->controls().end();
        if (rate_settable) {
            const std::int64_t frame_us = 1'000'000 / std::max(1, opt.fps);
            controls.set(libcamera::controls::FrameDurationLimits, libcamera::Span<const std::int64_t, 2>({frame_us, frame_us}));
        }
        if (camera->start(&controls) != 0) return "cannot stream " + sc.toString();
        running = true;
        for (auto& r : requests) camera->queueRequest(r.get());
        // Without FrameDurationLimits the camera runs at its own rate; frames are
        // then paced by the buffers grab() hands back, one batch per tick.
        log::info("camera", "libcamera ", camera->id(), ": ", width, "x", height, " ", sc.pixelFormat.toString(),
                  " stride ", stride, " at ", opt.fps, " fps",
                  rate_settable ? "" : " requested (the camera has no frame duration control: its own rate)");
        return {};
    }

    // Undoes start_with(); the camera stays acquired.
    void stop_streaming() {
        stopping = true;
        if (camera) {
            if (running) camera->stop();
            camera->requestCompleted.disconnect(this);
        }
        running = false;
        stopping = false;
        {
            std::lock_guard lock(mutex);
            completed.clear();
            removed = false;
        }
        requests.clear();
        maps.clear();
        allocator.reset();
        config.reset();
    }

    void close() {
        last_grey.release();
        stop_streaming();
        if (camera) camera->release();
        camera.reset();
    }

    // The manager lives as long as the source, except through a pause: it holds
    // the /dev/video* and /dev/media* nodes of every camera it enumerated, so a
    // paused device lets go of it too. It is not dropped after a failure: one
    // that still held an unbound camera aborted (libcamera 0.4, "duplicated ID")
    // when the camera came back, before it could be let go of.
    void start_manager() {
        if (manager) return;
        manager = std::make_unique<libcamera::CameraManager>();
        if (int rc = manager->start(); rc != 0) {
            manager.reset();
            throw std::runtime_error("libcamera: cannot start the camera manager (error " + std::to_string(rc) + ")");
        }
        manager->cameraRemoved.connect(this, &Impl::on_removed);
    }
    void stop_manager() {
        close();
        if (!manager) return;
        manager->cameraRemoved.disconnect(this);
        manager->stop();
        manager.reset();
    }
};

LibcameraSource::LibcameraSource(LibcameraOptions options) : impl_(std::make_unique<Impl>()) {
    route_libcamera_logging();
    impl_->opt = std::move(options);
    try {
        impl_->start_manager();
        impl_->open();
    } catch (...) {
        impl_->stop_manager();
        throw;
    }
}

LibcameraSource::~LibcameraSource() { impl_->stop_manager(); }

void LibcameraSource::suspend() {
    if (impl_->suspended) return;
    impl_->stop_manager();
    impl_->suspended = true;
    log::info("camera", "camera released while monitoring is paused");
}

void LibcameraSource::resume() {
    if (!impl_->suspended) return;
    impl_->suspended = false;
    impl_->retry_at_ms = 0;  // the next grab() starts the camera at once
    impl_->backoff_ms = 1000;
    impl_->last_frame_ms = 0;
    impl_->stall_logged = false;
}

std::optional<Frame> LibcameraSource::grab(std::int64_t t_ms) {
    Impl& m = *impl_;
    Frame f;
    f.t_ms = t_ms;
    f.index = m.index++;
    if (m.suspended) return f;
    if (!m.running) {
        if (t_ms < m.retry_at_ms) return f;  // no pixels: the camera is in error
        try {
            m.close();
            m.start_manager();  // after a pause
            m.open();
            m.backoff_ms = 1000;
            m.last_frame_ms = t_ms;
            log::info("camera", "camera restarted");
        } catch (const std::exception& e) {
            m.close();
            m.retry_at_ms = t_ms + m.backoff_ms;
            log::warn("camera", e.what(), "; retrying in ", m.backoff_ms / 1000, " s");
            m.backoff_ms = std::min<std::int64_t>(m.backoff_ms * 2, 60'000);
            return f;
        }
    }

    std::vector<libcamera::Request*> done;
    bool removed = false;
    {
        std::lock_guard lock(m.mutex);
        done.swap(m.completed);
        removed = m.removed;
    }
    // Every finished request goes back to the camera once this guard ends,
    // whatever happens while the newest one is copied.
    struct Requeue {
        Impl& m;
        std::vector<libcamera::Request*>& reqs;
        ~Requeue() {
            for (auto* r : reqs) {
                r->reuse(libcamera::Request::ReuseBuffers);
                if (m.running) m.camera->queueRequest(r);
            }
        }
    } requeue{m, done};

    if (!done.empty()) {
        libcamera::Request* newest = done.back();
        if (newest->status() == libcamera::Request::RequestComplete) {
            auto it = newest->buffers().find(m.stream);
            if (it != newest->buffers().end()) {
                const auto& mapped = m.maps.at(it->second);
                f.grey = grey_from_plane(m.layout, mapped.data(), mapped.size(), m.width, m.height, m.stride);
                if (!f.grey.empty()) {
                    m.last_frame_ms = t_ms;
                    m.stall_logged = false;
                    m.last_grey = f.grey;
                }
            }
        }
    }
    const std::int64_t stall_ms = std::max<std::int64_t>(3000, 10'000 / std::max(1, m.opt.fps));
    const bool stalled = m.last_frame_ms && t_ms - m.last_frame_ms > stall_ms;
    // A camera slower than the cadence, or one late frame, leaves a tick with no
    // new request done: that tick judges the newest frame again. Only a stall
    // is a camera error; an empty tick here read as one, and flickered the state.
    if (f.grey.empty() && !stalled && !removed) f.grey = m.last_grey;
    // A camera that went away stalls before libcamera hears of it (udev's removal
    // event can come seconds later), and stopping it then aborts the process: the
    // requests stuck in the vanished device trip an assertion in libcamera's
    // stop(). Once libcamera has seen the removal, stop() is safe; so a stalled
    // camera gets kRemovalGrace for that news before it is stopped as hung.
    constexpr std::int64_t kRemovalGrace = 15'000;
    if (stalled && !removed && !m.stall_logged) {
        log::warn("camera", "camera stalled; restarting it unless it was removed");
        m.stall_logged = true;
    }
    if (removed || (stalled && t_ms - m.last_frame_ms > stall_ms + kRemovalGrace)) {
        log::warn("camera", removed ? "camera disappeared" : "camera hung", "; restarting");
        done.clear();  // their buffers go away with the camera
        m.close();
        m.retry_at_ms = t_ms + m.backoff_ms;
        m.last_frame_ms = 0;
        m.stall_logged = false;
    } else if (!m.last_frame_ms) {
        m.last_frame_ms = t_ms;  // the first tick starts the stall clock
    }
    return f;
}

std::string LibcameraSource::describe() const {
    return "libcamera " + (impl_->camera ? impl_->camera->id() : std::string("(restarting)")) + " " +
           std::to_string(impl_->width) + "x" + std::to_string(impl_->height);
}

const char* libcamera_api_name() { return libcamera_compat::api_name(); }

}  // namespace pg
