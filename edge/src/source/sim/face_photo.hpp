#pragma once

#include "vision/mesh/canonical_mesh.hpp"

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <string>
#include <vector>

namespace pg::sim {

// The user of the simulated scene: a real photo cropped to head and shoulders,
// with the face the cascade found and the face mesh's 468 landmarks on it, which
// give every vertex of the canonical face its place in the photo.
struct FacePhoto {
    cv::Mat grey;                        // CV_8UC1 crop of the photo
    cv::Rect2f face;                     // the cascade's face box, crop pixels
    std::vector<cv::Point2f> landmarks;  // 468, crop pixels, MediaPipe's order
    std::string file_name;
};

// The bundled face photo: the source tree in a build, the install prefix
// otherwise (named even when missing, so the error points at the fix).
std::string default_face_path();

// Loads `path`, finds the face once (frontal cascade on the full photo), reads
// its landmarks (the face landmark model, searched like the analyzer's) and
// crops head and shoulders. Throws ConfigError "face=PATH: ..." when the photo
// cannot be read, shows no face, or the face is not frontal enough to be turned
// in 3-D; std::runtime_error when the cascade or the landmark model is missing.
FacePhoto load_face_photo(const std::string& path, const CanonicalMesh& mesh);

}  // namespace pg::sim
