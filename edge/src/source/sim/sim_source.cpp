#include "source/sim/sim_source.hpp"

#include "pg/errors.hpp"
#include "source/sim/face_photo.hpp"
#include "source/sim/scenario.hpp"
#include "vision/mesh/canonical_mesh.hpp"
#include "vision/model_files.hpp"
#include "vision/tracker_config.hpp"

#include <opencv2/core.hpp>

#include <cstdio>
#include <sstream>

namespace pg::sim {
namespace {

// The default analysis.min_brightness: scenarios that dim the lights label a
// frame too_dark below it.
constexpr double kTruthDarkLevel = 35.0;

const Scenario& scenario_or_throw(const std::string& name) {
    const Scenario* s = find_scenario(name);
    if (!s) throw ConfigError("source 'sim:" + name + "': unknown scenario (available: " + scenario_names() + ")");
    return *s;
}

DayPlan make_plan(const SimOptions& sim, const SourceOptions& options) {
    DayPlan plan;
    plan.days = sim.days;
    plan.timezone = options.timezone;
    if (sim.start) {
        plan.year = sim.start->year;
        plan.month = sim.start->month;
        plan.day = sim.start->day;
    } else {
        plan_days_ending_yesterday(plan, options.now_ms);
    }
    if (options.realtime) plan.start_at_ms = options.now_ms;
    return plan;
}

Timeline make_timeline(const SimOptions& sim, const DayPlan& plan) {
    const Scenario& scenario = scenario_or_throw(sim.scenario);
    std::vector<DayScript> scripts;
    for (int day = 0; day < sim.days; ++day) {
        Random rng = Random::stream(sim.seed, static_cast<std::uint64_t>(day));
        scripts.push_back(scenario.script_day(day, rng));
    }
    PlacedDays placed = place_days(scripts, plan);
    return Timeline(std::move(placed.days), std::move(placed.presses), sim.seed);
}

// The simulated head is the canonical face mesh, the same one the analysis fits.
CanonicalMesh canonical_mesh() {
    const auto file = find_model(kCanonicalMeshFile, "");
    if (!file)
        throw std::runtime_error(std::string("the simulated camera needs the canonical face mesh ") +
                                 kCanonicalMeshFile + " (run scripts/fetch-models.sh)");
    return load_canonical_mesh(*file);
}

Scene make_scene(const SimOptions& sim, const SourceOptions& options) {
    const CanonicalMesh mesh = canonical_mesh();
    const FacePhoto photo = load_face_photo(sim.face.empty() ? default_face_path() : sim.face, mesh);
    // The camera the analysis assumes by default (analysis.camera_fov).
    return Scene(photo, mesh, cv::Size(options.width, options.height), sim.seed, TrackerConfig().camera_fov);
}

}  // namespace

SimSource::SimSource(const SimOptions& sim, const SourceOptions& options)
    : SimSource(sim, options, make_plan(sim, options)) {}

SimSource::SimSource(const SimOptions& sim, const SourceOptions& options, const DayPlan& plan)
    : timeline_(make_timeline(sim, plan)),
      scene_(make_scene(sim, options)),
      last_grab_ms_(timeline_.begin_ms() - 1) {
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", plan.year, plan.month, plan.day);
    std::ostringstream os;
    os << "sim:" << sim.scenario << " (" << sim.days << (sim.days == 1 ? " day" : " days") << " from " << date
       << " " << options.timezone << (options.realtime ? ", starting now" : "") << ", seed " << sim.seed
       << ", face " << scene_.face_file() << ")";
    description_ = os.str();
}

std::optional<Frame> SimSource::grab(std::int64_t t_ms) {
    if (t_ms >= timeline_.end_ms()) return std::nullopt;
    const Pose pose = timeline_.pose_at(t_ms);
    Scene::Drawn drawn = scene_.render(pose, t_ms);

    GroundTruth truth;
    truth.state = timeline_.state_at(t_ms);
    truth.calibrate = timeline_.calibrate_pressed(last_grab_ms_, t_ms);
    truth.face = drawn.face;
    // "Truly dark" is a property of the picture, so the truth is measured on it:
    // the frame's mean grey below the level a camera image stops being usable at.
    if (pose.light < 1.0 && cv::mean(drawn.grey)[0] < kTruthDarkLevel) truth.state = PostureState::too_dark;
    if (pose.present) {
        truth.width_ratio = drawn.width_ratio;
        truth.drop = drawn.drop;
        truth.pitch_deg = pose.pitch;
        truth.yaw_deg = pose.yaw;
        truth.roll_deg = pose.roll;
    }
    // A press is an instant: it belongs to the first tick at or after it, whatever the cadence.
    if (t_ms > last_grab_ms_) last_grab_ms_ = t_ms;

    Frame f;
    f.grey = std::move(drawn.grey);
    f.t_ms = t_ms;
    f.index = next_index_++;
    f.truth = truth;
    return f;
}

}  // namespace pg::sim
