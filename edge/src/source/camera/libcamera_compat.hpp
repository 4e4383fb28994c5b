#pragma once

// The one place that knows which libcamera release we build against. Debian 12
// ships 0.0.3 (StreamRoles is a std::vector); Debian 13 ships 0.4 and Raspberry
// Pi OS a newer fork (roles are a Span<const StreamRole>). Everything else in the
// camera code uses API common to both.
#include <libcamera/camera.h>
#include <libcamera/stream.h>
#include <libcamera/version.h>

#include <memory>

namespace pg::libcamera_compat {

inline std::unique_ptr<libcamera::CameraConfiguration> viewfinder_config(libcamera::Camera& camera) {
#if LIBCAMERA_VERSION_MAJOR == 0 && LIBCAMERA_VERSION_MINOR < 1
    return camera.generateConfiguration(libcamera::StreamRoles{libcamera::StreamRole::Viewfinder});
#else
    const libcamera::StreamRole roles[] = {libcamera::StreamRole::Viewfinder};
    return camera.generateConfiguration(roles);
#endif
}

inline constexpr const char* api_name() {
#if LIBCAMERA_VERSION_MAJOR == 0 && LIBCAMERA_VERSION_MINOR < 1
    return "libcamera 0.0.x API (StreamRoles vector)";
#else
    return "libcamera >= 0.1 API (StreamRole span)";
#endif
}

}  // namespace pg::libcamera_compat
