#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pg {

// The BlazeFace model is downloaded, never committed (scripts/fetch-models.sh).
inline constexpr const char* kBlazeFaceModelFile = "blazeface_front_128.onnx";

// Where a model is looked for, first match wins: $PG_MODEL_DIR, the build's
// source tree (build-models/, where fetch-models.sh puts it), then the installed
// data dir (<prefix>/share/postureguard/models, where packages bundle it).
std::vector<std::string> model_search_dirs();

// `configured` (analysis.model) when set, else the first file found in
// model_search_dirs(); nullopt when none exists.
std::optional<std::string> find_blazeface_model(const std::string& configured);

// A cascade from Debian's opencv-data: a bare name is looked up in its
// haarcascades/ or lbpcascades/ folder, a path is taken as given. Throws
// std::runtime_error naming the file and the package when it is missing.
std::string cascade_path(std::string_view file_name);

// dlib's 68-point predictor (Debian libdlib-data) unless configured otherwise.
std::string landmark_model_path(const std::string& configured);

}  // namespace pg
