#pragma once

#include "app/edge_config.hpp"

#include <atomic>
#include <ostream>
#include <string>

namespace pg {

struct PreviewOptions {
    std::string out = "postureguard-preview.png";
    bool json = false;  // print what was drawn as one JSON object instead of a summary
};

// `pg-edge preview`: analyses a few frames of the configured source (enough for
// the state to settle), then draws the last one as the analyzer saw it — the
// face box, the calibrated box, the face mesh's landmarks, the state and
// metrics — into a PNG on this machine. Never published; nothing else written.
// A camera held by a running pg-edge is reported as busy, never taken over.
// Exit codes: 0 written, 1 camera busy or failing, no frame, or the PNG not writable.
int run_preview_command(const EdgeConfig& config, const PreviewOptions& options, std::ostream& out,
                        std::ostream& err, const std::atomic<bool>& stop);

}  // namespace pg
