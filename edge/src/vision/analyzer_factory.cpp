#include "vision/face_analyzer.hpp"

#include "pg/errors.hpp"
#include "vision/cascade_analyzer.hpp"
#include "vision/frame_source.hpp"
#include "vision/tracker_config.hpp"

namespace pg {

std::vector<std::string> analyzer_names() { return {"cascade"}; }

std::unique_ptr<FaceAnalyzer> make_analyzer(const TrackerConfig& config) {
    if (config.analyzer == "cascade") {
        CascadeAnalyzer::Options o;
        o.cascade_file = cascade_path(config.cascade);
        o.analysis_width = config.analysis_width;
        return std::make_unique<CascadeAnalyzer>(std::move(o));
    }
    std::string names;
    for (const auto& n : analyzer_names()) names += (names.empty() ? "" : ", ") + n;
    throw ConfigError("analysis.analyzer '" + config.analyzer + "' is unknown (available: " + names + ")");
}

}  // namespace pg
