#pragma once

#include <opencv2/core/mat.hpp>
#include <opencv2/core/matx.hpp>
#include <opencv2/core/types.hpp>

#include <array>
#include <vector>

namespace pg::sim {

// A surface of triangles with a position in a texture for each vertex.
// Coordinates are camera axes (x right, y down, z away, centimetres) before
// placement; a triangle faces the camera when its vertices run
// counter-clockwise on screen, i.e. (b - a) x (c - a) points out of the surface.
struct TexturedMesh {
    std::vector<cv::Point3f> vertices;
    std::vector<cv::Point2f> texture;  // texture pixels, one per vertex
    std::vector<std::array<int, 3>> triangles;
};

// A rigid placement: camera point = rotation * model point + translation.
struct Rigid {
    cv::Matx33d rotation = cv::Matx33d::eye();
    cv::Vec3d translation;

    cv::Vec3d apply(const cv::Point3f& p) const { return rotation * cv::Vec3d(p.x, p.y, p.z) + translation; }
};

// An ideal pinhole camera (no distortion) in OpenCV's pixel convention.
struct Pinhole {
    double f = 1.0;  // focal length, pixels
    cv::Point2d centre;

    cv::Point2d project(const cv::Vec3d& p) const { return {f * p[0] / p[2] + centre.x, f * p[1] / p[2] + centre.y}; }
};

// How a mesh's texture is laid over the frame.
enum class Cover {
    opaque,     // the texture's grey replaces the frame
    alpha,      // blended by the texture's second channel (0..1)
    soft_edge,  // opaque, with the mesh's outline softened by a pixel or two (the texture's coverage unused)
};

// Draws `mesh` placed by `placement` into `frame` (CV_32FC1, grey levels) with
// the pinhole `camera`: each visible triangle is an affine warp of its texture
// triangle (`texture` CV_32FC2: grey, coverage; sampled bilinearly). Triangles
// facing away are culled and the rest drawn far to near, so nearer surfaces
// cover farther ones. A pure function of its arguments.
void draw_mesh(cv::Mat& frame, const TexturedMesh& mesh, const cv::Mat& texture, const Rigid& placement,
               const Pinhole& camera, Cover cover);

// How many of `mesh`'s triangles face the camera at `placement` (for tests).
int front_facing_triangles(const TexturedMesh& mesh, const Rigid& placement, const Pinhole& camera);

}  // namespace pg::sim
