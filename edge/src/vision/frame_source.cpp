#include "vision/frame_source.hpp"

#include "camera/camera_sources.hpp"
#include "pg/errors.hpp"
#include "vision/file_source.hpp"
#include "vision/sim_scenario.hpp"
#include "vision/sim_source.hpp"

#include <array>
#include <filesystem>
#include <stdexcept>

namespace pg {
namespace {

namespace fs = std::filesystem;

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

}  // namespace

std::unique_ptr<FrameSource> make_frame_source(std::string_view spec, const SourceOptions& options) {
    const std::string quoted = "source '" + std::string(spec) + "'";
    if (options.width < 32 || options.height < 32 || options.width > 8192 || options.height > 8192)
        throw ConfigError(quoted + ": capture size " + std::to_string(options.width) + "x" +
                          std::to_string(options.height) + " is out of range (32..8192)");
    if (starts_with(spec, "sim:")) {
        sim::SimOptions sim = sim::parse_sim_options(spec.substr(4), spec);
        if (!sim::find_scenario(sim.scenario))
            throw ConfigError(quoted + ": unknown scenario '" + sim.scenario + "' (available: " +
                              sim::scenario_names() + ")");
        return std::make_unique<sim::SimSource>(sim, options);
    }
    if (starts_with(spec, "file:")) return std::make_unique<FileSource>(std::string(spec.substr(5)), options);
    if (auto camera = make_camera_source(spec, options)) return camera;
    throw ConfigError(quoted + ": unknown kind of source (expected sim:SCENARIO, libcamera, v4l2:/dev/videoN or file:PATH)");
}

std::string default_face_path() {
    const std::array<fs::path, 2> candidates{
        fs::path(PG_SOURCE_DATA_DIR) / "tests/data/faces/astronaut.png",
        fs::path(PG_INSTALL_DATA_DIR) / "faces/astronaut.png",
    };
    std::error_code ec;
    for (const auto& p : candidates)
        if (fs::is_regular_file(p, ec)) return p.string();
    // Nothing found: name the installed location so the error points at the fix.
    return candidates[1].string();
}

std::string cascade_path(std::string_view file_name) {
    // A bare name is looked up in opencv-data's folders; a path is taken as given
    // (a cascade trained for unusual lighting, say).
    const fs::path given(file_name);
    const fs::path base(PG_OPENCV_DATA_DIR);
    const fs::path dir = starts_with(file_name, "lbp") ? base / "lbpcascades" : base / "haarcascades";
    const fs::path p = given.has_parent_path() ? given : dir / given;
    std::error_code ec;
    if (!fs::is_regular_file(p, ec))
        throw std::runtime_error("face cascade " + p.string() + " not found (install the Debian package opencv-data)");
    return p.string();
}

std::vector<ScenarioSummary> list_sim_scenarios() {
    std::vector<ScenarioSummary> out;
    for (const sim::Scenario* s : sim::all_scenarios()) out.push_back({s->name, s->description});
    return out;
}

}  // namespace pg
