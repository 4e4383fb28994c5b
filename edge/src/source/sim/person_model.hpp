#pragma once

#include "source/sim/face_photo.hpp"
#include "source/sim/jaw.hpp"
#include "source/sim/rasterizer.hpp"
#include "vision/mesh/canonical_mesh.hpp"

#include <opencv2/core/mat.hpp>

#include <array>

namespace pg::sim {

// A flat picture pasted into the frame as it is (the person walking past far behind).
struct FlatSprite {
    cv::Mat picture;  // CV_32FC2: grey, coverage in [0, 1]
    cv::Rect2f face;  // the face in picture pixels
};

// The user in 3-D, made once from a face photo. Head coordinates are the
// canonical face's (camera axes when the head looks straight at the camera,
// centimetres, origin inside the head ~7.5 cm behind the nose tip).
struct PersonModel {
    // The photo's grey and how much of each pixel is head (hair, face, ears).
    cv::Mat head_texture;  // CV_32FC2
    // The photo with the face painted over by its surroundings, for the shell.
    cv::Mat shell_texture;  // CV_32FC2
    // The photo with the head painted over the same way, and how much of
    // each pixel is neck or shoulders: nothing face-like is left behind the head.
    cv::Mat body_texture;  // CV_32FC2
    TexturedMesh face;     // the canonical face, each vertex at its landmark in the photo
    Jaw jaw;               // its lower jaw, for talking
    TexturedMesh shell;    // the rest of the head behind the face, textured by the photo's camera
    // A flat cut-out of neck and shoulders facing the camera, head coordinates
    // of the neutral pose; corners top-left, top-right, bottom-right, bottom-left.
    TexturedMesh body;
    // The cascade's face box on the face's frontal plane, head coordinates.
    std::array<cv::Point3f, 4> face_box;
    cv::Point3f face_middle;  // between forehead and chin: the centre of the analyzer's frontal box
    double face_width_cm = 0.0;   // cheek to cheek, the frontal box's width
    double face_height_cm = 0.0;  // forehead to chin, its height
    FlatSprite passer;            // the photo mirrored: another person walking past
    double skin = 128.0;          // the face's mean grey, for the hand
};

// The canonical face's width cheek to cheek (the analyzer's frontal box), cm.
double frontal_face_width_cm(const CanonicalMesh& mesh);

// `pixels_per_cm` is how large the scene draws the neutral head: the texture
// is resampled to about that resolution, so drawing it never aliases.
PersonModel build_person(const FacePhoto& photo, const CanonicalMesh& mesh, double pixels_per_cm);

}  // namespace pg::sim
