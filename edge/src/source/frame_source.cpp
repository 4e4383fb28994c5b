#include "source/frame_source.hpp"

#include "pg/errors.hpp"
#include "source/camera/camera_sources.hpp"
#include "source/file/file_source.hpp"
#include "source/sim/scenario.hpp"
#include "source/sim/sim_source.hpp"

namespace pg {

std::unique_ptr<FrameSource> make_frame_source(std::string_view spec, const SourceOptions& options) {
    const std::string quoted = "source '" + std::string(spec) + "'";
    if (options.width < 32 || options.height < 32 || options.width > 8192 || options.height > 8192)
        throw ConfigError(quoted + ": capture size " + std::to_string(options.width) + "x" +
                          std::to_string(options.height) + " is out of range (32..8192)");
    if (spec.starts_with("sim:")) {
        sim::SimOptions sim = sim::parse_sim_options(spec.substr(4), spec);
        if (!sim::find_scenario(sim.scenario))
            throw ConfigError(quoted + ": unknown scenario '" + sim.scenario + "' (available: " +
                              sim::scenario_names() + ")");
        return std::make_unique<sim::SimSource>(sim, options);
    }
    if (spec.starts_with("file:")) return std::make_unique<FileSource>(std::string(spec.substr(5)), options);
    if (auto camera = make_camera_source(spec, options)) return camera;
    throw ConfigError(quoted + ": unknown kind of source (expected sim:SCENARIO, libcamera, v4l2:/dev/videoN or file:PATH)");
}

}  // namespace pg
