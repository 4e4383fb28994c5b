#include "source/camera/camera_sources.hpp"

#include "pg/errors.hpp"
#include "source/camera/v4l2_source.hpp"
#include "source/worker/worker_source.hpp"

#ifdef PG_HAVE_LIBCAMERA
#include "source/camera/libcamera_source.hpp"
#endif

namespace pg {

std::unique_ptr<FrameSource> make_camera_source(std::string_view spec, const SourceOptions& o) {
    if (spec == "libcamera" || spec.starts_with("libcamera:")) {
#ifdef PG_HAVE_LIBCAMERA
        if (!o.camera_process.empty()) {
            WorkerSourceOptions wo;
            wo.executable = o.camera_process;
            wo.spec = std::string(spec);
            wo.source = o;
            wo.source.camera_process.clear();
            return std::make_unique<WorkerSource>(std::move(wo));
        }
        LibcameraOptions lo;
        lo.camera = spec == "libcamera" ? std::string() : std::string(spec.substr(10));
        lo.width = o.width;
        lo.height = o.height;
        lo.fps = o.fps;
        return std::make_unique<LibcameraSource>(lo);
#else
        throw ConfigError("source '" + std::string(spec) + "': this build has no libcamera support (PG_WITH_LIBCAMERA)");
#endif
    }
    if (spec.starts_with("v4l2:")) {
        auto dev = std::string(spec.substr(5));
        if (dev.empty()) throw ConfigError("source 'v4l2:' needs a device, e.g. v4l2:/dev/video0");
        return std::make_unique<V4l2Source>(dev, o.width, o.height, o.fps);
    }
    return nullptr;
}

}  // namespace pg
