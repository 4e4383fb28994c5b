#pragma once

#include "source/frame_source.hpp"
#include "source/sim/day_script.hpp"
#include "source/sim/options.hpp"
#include "source/sim/scene.hpp"
#include "source/sim/timeline.hpp"

#include <limits>

namespace pg::sim {

// The simulated camera: renders the scene at whatever tick it is asked for, with
// the ground truth of the scripted timeline attached to every frame.
class SimSource final : public FrameSource {
public:
    // Throws ConfigError for an unknown scenario, time zone or unusable photo.
    SimSource(const SimOptions& sim, const SourceOptions& options);

    std::optional<Frame> grab(std::int64_t t_ms) override;
    std::optional<std::int64_t> start_time_ms() const override { return timeline_.begin_ms(); }
    std::int64_t next_tick_ms(std::int64_t proposed_ms) const override { return timeline_.next_tick_ms(proposed_ms); }
    bool ended(std::int64_t t_ms) const override { return t_ms >= timeline_.end_ms(); }
    std::string describe() const override { return description_; }

    const Timeline& timeline() const { return timeline_; }
    const Scene& scene() const { return scene_; }

private:
    SimSource(const SimOptions& sim, const SourceOptions& options, const DayPlan& plan);

    Timeline timeline_;
    Scene scene_;
    std::string description_;
    std::int64_t last_grab_ms_;
    std::uint64_t next_index_ = 0;
};

}  // namespace pg::sim
