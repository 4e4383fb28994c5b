#include "vision/face_analyzer.hpp"

#include "pg/errors.hpp"
#include "pg/log.hpp"
#include "vision/blazeface_analyzer.hpp"
#include "vision/cascade_analyzer.hpp"
#include "vision/mesh/mesh_analyzer.hpp"
#include "vision/model_files.hpp"
#include "vision/tracker_config.hpp"
#ifdef PG_HAVE_DLIB
#include "vision/landmark_analyzer.hpp"
#endif

namespace pg {
namespace {

std::unique_ptr<FaceAnalyzer> make_cascade(const TrackerConfig& config) {
    CascadeAnalyzer::Options o;
    o.cascade_file = cascade_path(config.cascade);
    o.analysis_width = config.analysis_width;
    return std::make_unique<CascadeAnalyzer>(std::move(o));
}

// Model files: one the config names must exist; a default one may be missing
// on a fresh checkout, which is a fallback, not a failure: a device that keeps
// monitoring with a simpler analyzer is what a user expects over one that
// refuses to start.
struct ModelSearch {
    const std::vector<std::string>& dirs;
    std::string why_not;  // the model found missing

    std::optional<std::string> find(const char* file, const std::string& configured, const char* key) {
        auto found = find_model(file, configured, dirs);
        if (!found && !configured.empty()) throw ConfigError(std::string(key) + " " + configured + " not found");
        if (!found) why_not = std::string("model ") + file + " not found (run scripts/fetch-models.sh)";
        return found;
    }
};

// BlazeFace's options when its model is there and this OpenCV runs it.
std::optional<BlazeFaceAnalyzer::Options> blazeface_options(const TrackerConfig& config, ModelSearch& search) {
    auto file = search.find(kBlazeFaceModelFile, config.model, "analysis.model");
    if (!file) return std::nullopt;
    const BlazeFaceRuntime& rt = blazeface_runtime(*file);
    if (!rt.runs) {
        search.why_not = std::string("this OpenCV (") + CV_VERSION + ") cannot run the BlazeFace model: " + rt.problem;
        return std::nullopt;
    }
    if (!rt.fusion)
        log::info("analysis", "BlazeFace runs without layer fusion: this OpenCV (", CV_VERSION,
                  ") computes the fused graph differently");
    BlazeFaceAnalyzer::Options o;
    o.model_file = *file;
    o.analysis_width = config.analysis_width;
    o.min_score = static_cast<float>(config.min_face_score);
    o.fusion = rt.fusion;
    return o;
}

std::unique_ptr<FaceAnalyzer> make_mesh(const TrackerConfig& config, BlazeFaceAnalyzer::Options detector,
                                        ModelSearch& search) {
    auto landmarks = search.find(kFaceLandmarkModelFile, config.mesh_model, "analysis.mesh_model");
    if (!landmarks) return nullptr;
    auto geometry = search.find(kCanonicalMeshFile, config.mesh_geometry, "analysis.mesh_geometry");
    if (!geometry) return nullptr;
    MeshAnalyzer::Options o;
    o.detector = std::move(detector);
    o.landmark_model = *landmarks;
    o.canonical_mesh = *geometry;
    o.horizontal_fov_deg = config.camera_fov;
    o.min_presence = static_cast<float>(config.min_presence);
    return std::make_unique<MeshAnalyzer>(std::move(o));
}

}  // namespace

std::vector<std::string> analyzer_names() {
#ifdef PG_HAVE_DLIB
    return {"mesh", "blazeface", "landmarks", "cascade"};
#else
    return {"mesh", "blazeface", "cascade"};
#endif
}

AnalyzerChoice choose_analyzer(const TrackerConfig& config) { return choose_analyzer(config, model_search_dirs()); }

AnalyzerChoice choose_analyzer(const TrackerConfig& config, const std::vector<std::string>& model_dirs) {
    AnalyzerChoice c;
    c.requested = config.analyzer;
    const auto fall_back = [&](std::unique_ptr<FaceAnalyzer> a, const std::string& why) {
        c.fallback = "analysis.analyzer '" + config.analyzer + "': " + why + "; using " + a->name();
        log::warn("analysis", c.fallback);
        c.analyzer = std::move(a);
        return std::move(c);
    };
    if (config.analyzer == "mesh" || config.analyzer == "blazeface") {
        ModelSearch search{model_dirs, {}};
        auto detector = blazeface_options(config, search);
        if (!detector) return fall_back(make_cascade(config), search.why_not);
        if (config.analyzer == "blazeface") {
            c.analyzer = std::make_unique<BlazeFaceAnalyzer>(std::move(*detector));
            return c;
        }
        auto mesh = make_mesh(config, *detector, search);
        if (!mesh) return fall_back(std::make_unique<BlazeFaceAnalyzer>(std::move(*detector)), search.why_not);
        c.analyzer = std::move(mesh);
        return c;
    }
    if (config.analyzer == "cascade") {
        c.analyzer = make_cascade(config);
        return c;
    }
#ifdef PG_HAVE_DLIB
    if (config.analyzer == "landmarks") {
        LandmarkAnalyzer::Options o;
        o.predictor_file = landmark_model_path(config.landmark_model);
        o.analysis_width = config.analysis_width;
        c.analyzer = std::make_unique<LandmarkAnalyzer>(std::move(o));
        return c;
    }
#else
    if (config.analyzer == "landmarks")
        throw ConfigError("analysis.analyzer 'landmarks' needs a build with -DPG_WITH_DLIB=ON (Debian libdlib-dev)");
#endif
    std::string names;
    for (const auto& n : analyzer_names()) names += (names.empty() ? "" : ", ") + n;
    throw ConfigError("analysis.analyzer '" + config.analyzer + "' is unknown (available: " + names + ")");
}

}  // namespace pg
