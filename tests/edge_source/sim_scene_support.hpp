#pragma once

#include "source/sim/face_photo.hpp"
#include "source/sim/scene.hpp"
#include "vision/mesh/canonical_mesh.hpp"
#include "vision/model_files.hpp"
#include "vision/tracker_config.hpp"

#include <stdexcept>
#include <string>

namespace pg::test {

// The simulated camera needs the canonical face (scripts/fetch-models.sh); the
// tests fail, not skip, without it, as the simulation itself would.
inline CanonicalMesh canonical_mesh() {
    const auto file = find_model(kCanonicalMeshFile, "");
    if (!file) throw std::runtime_error("canonical face mesh not fetched (scripts/fetch-models.sh)");
    return load_canonical_mesh(*file);
}

// The scene a sim source draws, for `face` at `size`.
inline sim::Scene sim_scene(const std::string& face, cv::Size size, std::uint64_t seed = 1) {
    const CanonicalMesh mesh = canonical_mesh();
    return sim::Scene(sim::load_face_photo(face, mesh), mesh, size, seed, TrackerConfig().camera_fov);
}

}  // namespace pg::test
