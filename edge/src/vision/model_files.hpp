#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pg {

// The BlazeFace model and the canonical face mesh are downloaded, never
// committed (scripts/fetch-models.sh); the face landmark model is part of the
// source tree (edge/models, see its SOURCE.md). Packages bundle all three.
inline constexpr const char* kBlazeFaceModelFile = "blazeface_front_128.onnx";
inline constexpr const char* kFaceLandmarkModelFile = "face_landmark_468.onnx";
inline constexpr const char* kCanonicalMeshFile = "face_geometry.binarypb";

// Where a model is looked for, first match wins: $PG_MODEL_DIR, the build's
// source tree (build-models/, where fetch-models.sh puts its files, and
// edge/models/), then the installed data dir (<prefix>/share/postureguard/models).
std::vector<std::string> model_search_dirs();

// `configured` (a config key's path) when set, else the first `file_name` found
// in model_search_dirs(); nullopt when none exists.
std::optional<std::string> find_model(const char* file_name, const std::string& configured,
                                      const std::vector<std::string>& dirs = model_search_dirs());
inline std::optional<std::string> find_blazeface_model(const std::string& configured) {
    return find_model(kBlazeFaceModelFile, configured);
}

// A cascade from Debian's opencv-data: a bare name is looked up in its
// haarcascades/ or lbpcascades/ folder, a path is taken as given. Throws
// std::runtime_error naming the file and the package when it is missing.
std::string cascade_path(std::string_view file_name);

// dlib's 68-point predictor (Debian libdlib-data) unless configured otherwise.
std::string landmark_model_path(const std::string& configured);

}  // namespace pg
