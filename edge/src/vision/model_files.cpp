#include "vision/model_files.hpp"

#include <cstdlib>
#include <filesystem>

namespace pg {

std::vector<std::string> model_search_dirs() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("PG_MODEL_DIR"); env && *env) dirs.emplace_back(env);
    dirs.emplace_back(std::string(PG_SOURCE_DATA_DIR) + "/build-models");
    dirs.emplace_back(std::string(PG_INSTALL_DATA_DIR) + "/models");
    return dirs;
}

std::optional<std::string> find_blazeface_model(const std::string& configured) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!configured.empty()) {
        if (fs::is_regular_file(configured, ec)) return configured;
        return std::nullopt;
    }
    for (const auto& dir : model_search_dirs()) {
        fs::path p = fs::path(dir) / kBlazeFaceModelFile;
        if (fs::is_regular_file(p, ec)) return p.string();
    }
    return std::nullopt;
}

std::string landmark_model_path(const std::string& configured) {
    return configured.empty() ? "/usr/share/dlib/shape_predictor_68_face_landmarks.dat" : configured;
}

}  // namespace pg
