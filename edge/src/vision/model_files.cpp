#include "vision/model_files.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace pg {

std::vector<std::string> model_search_dirs() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("PG_MODEL_DIR"); env && *env) dirs.emplace_back(env);
    dirs.emplace_back(std::string(PG_SOURCE_DATA_DIR) + "/build-models");
    dirs.emplace_back(std::string(PG_SOURCE_DATA_DIR) + "/edge/models");
    dirs.emplace_back(std::string(PG_INSTALL_DATA_DIR) + "/models");
    return dirs;
}

std::optional<std::string> find_model(const char* file_name, const std::string& configured,
                                      const std::vector<std::string>& dirs) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!configured.empty()) {
        if (fs::is_regular_file(configured, ec)) return configured;
        return std::nullopt;
    }
    for (const auto& dir : dirs) {
        fs::path p = fs::path(dir) / file_name;
        if (fs::is_regular_file(p, ec)) return p.string();
    }
    return std::nullopt;
}

std::string cascade_path(std::string_view file_name) {
    // A path is taken as given (a cascade trained for unusual lighting, say).
    namespace fs = std::filesystem;
    const fs::path given(file_name);
    const fs::path base(PG_OPENCV_DATA_DIR);
    const fs::path dir = file_name.starts_with("lbp") ? base / "lbpcascades" : base / "haarcascades";
    const fs::path p = given.has_parent_path() ? given : dir / given;
    std::error_code ec;
    if (!fs::is_regular_file(p, ec))
        throw std::runtime_error("face cascade " + p.string() + " not found (install the Debian package opencv-data)");
    return p.string();
}

std::string landmark_model_path(const std::string& configured) {
    return configured.empty() ? "/usr/share/dlib/shape_predictor_68_face_landmarks.dat" : configured;
}

}  // namespace pg
