#pragma once

#include "source/frame_source.hpp"

#include <cstdint>
#include <optional>

namespace pg {

// The frame source follows the pause: let go of on the first paused tick,
// opened again on the first tick after it. Right after that, a camera that has
// not delivered its first frame is still starting up: such ticks are paused
// time, not a camera error, for at most `warmup_ms`.
class SourceSwitch {
public:
    enum class Step { monitoring, paused, resumed };

    explicit SourceSwitch(FrameSource& source, std::int64_t warmup_ms = 5000);

    // Once per tick, before anything is grabbed, with whether monitoring is paused.
    Step update(bool paused, std::int64_t t_ms);
    // A tick after the resume brought a frame with pixels.
    void frame_seen() { warming_since_.reset(); }
    // A frame without pixels at t_ms is the camera still starting up.
    bool warming_up(std::int64_t t_ms) const { return warming_since_ && t_ms - *warming_since_ < warmup_ms_; }
    bool suspended() const { return suspended_; }

private:
    FrameSource& source_;
    std::int64_t warmup_ms_;
    bool suspended_ = false;
    std::optional<std::int64_t> warming_since_;
};

}  // namespace pg
