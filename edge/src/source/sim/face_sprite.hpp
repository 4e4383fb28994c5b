#pragma once

#include <opencv2/core/mat.hpp>
#include <opencv2/core/types.hpp>

#include <string>

namespace pg::sim {

// The person in the simulated scene: a real photo, cropped to head and
// shoulders, with a feathered mask so it blends into any background.
struct FaceSprite {
    cv::Mat grey;     // CV_8UC1 crop of the photo
    cv::Mat alpha;    // CV_32FC1 in [0, 1], same size: soft ellipses (head, shoulders)
    cv::Rect2f face;  // the face the cascade found, in crop pixels
    std::string file_name;
};

// The bundled face photo: the source tree in a build, the install prefix
// otherwise (named even when missing, so the error points at the fix).
std::string default_face_path();

// Loads `path`, finds the face once (frontal cascade on the full photo) and
// builds the sprite. Throws ConfigError "face=PATH: ..." when the photo cannot be
// read or shows no face; std::runtime_error when the cascade itself is missing.
FaceSprite load_face_sprite(const std::string& path);

}  // namespace pg::sim
