#pragma once

#include <optional>
#include <string>
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

// dlib's 68-point predictor (Debian libdlib-data) unless configured otherwise.
std::string landmark_model_path(const std::string& configured);

}  // namespace pg
