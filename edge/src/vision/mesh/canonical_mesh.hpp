#pragma once

#include <opencv2/core/types.hpp>

#include <array>
#include <filesystem>
#include <vector>

namespace pg {

// MediaPipe's canonical face: the 468 landmarks of the face mesh model as a
// rigid 3-D face of average size (centimetres), with texture coordinates and
// the triangles between them. Head pose is the rotation that fits it to the
// landmarks seen; the simulated camera draws a photo's face on it.
//
// Stored in camera axes: x to the image's right, y down, z away from the camera,
// for a face looking straight at it (MediaPipe's file has y up and z towards
// the viewer). The origin lies inside the head, ~7.5 cm behind the nose tip.
struct CanonicalMesh {
    std::vector<cv::Point3f> vertices;         // 468
    std::vector<cv::Point2f> uv;               // texture coordinates in [0, 1], v down
    // Indices into vertices, wound so (b - a) x (c - a) points out of the face:
    // counter-clockwise on screen (y down) where the face looks at the camera.
    std::vector<std::array<int, 3>> triangles;
};

// Landmark indices of the face mesh topology that the analysis names.
namespace landmark {
inline constexpr int kCount = 468;
inline constexpr int nose_tip = 1;
inline constexpr int forehead = 10;
inline constexpr int chin = 152;
inline constexpr int right_eye_outer = 33;  // the person's right: the image's left
inline constexpr int right_eye_inner = 133;
inline constexpr int left_eye_inner = 362;
inline constexpr int left_eye_outer = 263;
inline constexpr int right_cheek = 234;
inline constexpr int left_cheek = 454;
inline constexpr int upper_lip = 13;
inline constexpr int lower_lip = 14;
}  // namespace landmark

// Reads MediaPipe's geometry_pipeline_metadata_landmarks.binarypb (fetched as
// face_geometry.binarypb by scripts/fetch-models.sh). Throws std::runtime_error
// naming the file and what is wrong with it (missing, truncated, not 468
// vertices, a triangle index out of range).
CanonicalMesh load_canonical_mesh(const std::filesystem::path& file);

}  // namespace pg
