#pragma once

#include "source/sim/photo_camera.hpp"
#include "source/sim/rasterizer.hpp"

#include <opencv2/core/types.hpp>


namespace pg::sim {

// The head beyond the face mesh (hair, ears, the outline a detector sees): an
// ellipsoid around the canonical face, head coordinates (cm), from above the
// hairline to the jaw and ear to ear, reaching ~21 cm back from the nose tip.
// Its front stays behind the face everywhere the face is (the face's edge by
// the ears, 2.4 cm behind the origin, sets how far back), so a turned head
// shows the face's own profile, never the shell bulging through a cheek.
struct HeadShellShape {
    cv::Point3f centre{0.0f, -2.5f, 6.5f};
    cv::Point3f radii{9.0f, 11.5f, 7.0f};
};

// The ellipsoid as triangles, each vertex textured where the photo saw it;
// the back, which the photo never saw, where it saw the front at the same
// height. The shell's texture has the face painted over (see PersonModel), so
// neither the back of the head nor what a turned face uncovers shows a second face.
TexturedMesh head_shell(const PhotoCamera& photo, const HeadShellShape& shape = {});

}  // namespace pg::sim
