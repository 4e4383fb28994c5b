#include "vision/face_analyzer.hpp"

#include "pg/errors.hpp"
#include "pg/log.hpp"
#include "vision/blazeface_analyzer.hpp"
#include "vision/cascade_analyzer.hpp"
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

}  // namespace

std::vector<std::string> analyzer_names() {
#ifdef PG_HAVE_DLIB
    return {"blazeface", "landmarks", "cascade"};
#else
    return {"blazeface", "cascade"};
#endif
}

std::unique_ptr<FaceAnalyzer> make_analyzer(const TrackerConfig& config) {
    if (config.analyzer == "blazeface") {
        auto model = find_blazeface_model(config.model);
        if (!model) {
            // A model the user named explicitly must exist; the default one may
            // be missing on a fresh checkout, and a device that keeps monitoring
            // with the cascade is what a user expects over one that refuses to start.
            if (!config.model.empty())
                throw ConfigError("analysis.model " + config.model + " not found (run scripts/fetch-models.sh)");
            log::warn("analysis", "BlazeFace model ", kBlazeFaceModelFile,
                      " not found; using the cascade analyzer (run scripts/fetch-models.sh)");
            return make_cascade(config);
        }
        if (auto problem = blazeface_runtime_problem(*model)) {
            log::warn("analysis", "this OpenCV (", CV_VERSION, ") cannot run the BlazeFace model (", *problem,
                      "); using the cascade analyzer");
            return make_cascade(config);
        }
        BlazeFaceAnalyzer::Options o;
        o.model_file = *model;
        o.analysis_width = config.analysis_width;
        o.min_score = static_cast<float>(config.min_face_score);
        return std::make_unique<BlazeFaceAnalyzer>(std::move(o));
    }
    if (config.analyzer == "cascade") return make_cascade(config);
#ifdef PG_HAVE_DLIB
    if (config.analyzer == "landmarks") {
        LandmarkAnalyzer::Options o;
        o.predictor_file = landmark_model_path(config.landmark_model);
        o.analysis_width = config.analysis_width;
        return std::make_unique<LandmarkAnalyzer>(std::move(o));
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
