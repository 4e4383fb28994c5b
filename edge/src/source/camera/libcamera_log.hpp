#pragma once

namespace pg {

// Routes libcamera's own log lines into pg::log (category "libcamera"), warnings
// and above, instead of libcamera writing to stderr by itself.
void route_libcamera_logging();

}  // namespace pg
