#include "vision/mesh/canonical_mesh.hpp"

#include "vision/mesh/protobuf_wire.hpp"

#include <fstream>
#include <stdexcept>
#include <string>

namespace pg {
namespace {

// geometry_pipeline_metadata.proto: GeometryPipelineMetadata.canonical_mesh = 1;
// mesh_3d.proto: Mesh3d.vertex_buffer = 3, index_buffer = 4. Each vertex is
// five floats (x, y, z, u, v), the triangles a flat list of vertex indices.
constexpr std::uint32_t kCanonicalMesh = 1;
constexpr std::uint32_t kVertexBuffer = 3;
constexpr std::uint32_t kIndexBuffer = 4;
constexpr std::size_t kFloatsPerVertex = 5;
constexpr std::size_t kMaxFileBytes = 1 << 20;  // the real one is 19 KB

void read_floats(const protobuf::Field& f, std::vector<float>& out) {
    if (f.type == protobuf::WireType::fixed32) {
        out.push_back(protobuf::as_float(f));
        return;
    }
    if (f.type != protobuf::WireType::bytes || f.bytes.size() % 4)
        throw protobuf::WireError("vertex_buffer is neither floats nor packed floats");
    for (std::size_t i = 0; i < f.bytes.size(); i += 4) {
        protobuf::Field one;
        one.type = protobuf::WireType::fixed32;
        for (int b = 0; b < 4; ++b) one.value |= static_cast<std::uint64_t>(f.bytes[i + b]) << (8 * b);
        out.push_back(protobuf::as_float(one));
    }
}

void read_indices(const protobuf::Field& f, std::vector<std::uint64_t>& out) {
    if (f.type == protobuf::WireType::varint) {
        out.push_back(f.value);
        return;
    }
    if (f.type != protobuf::WireType::bytes) throw protobuf::WireError("index_buffer is not a list of integers");
    protobuf::Reader packed(f.bytes);
    while (!packed.done()) out.push_back(packed.varint());
}

}  // namespace

CanonicalMesh load_canonical_mesh(const std::filesystem::path& file) {
    const std::string where = "canonical face mesh " + file.string();
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    if (!in) throw std::runtime_error(where + " not found (run scripts/fetch-models.sh)");
    const auto size = static_cast<std::size_t>(in.tellg());
    if (size > kMaxFileBytes) throw std::runtime_error(where + " is " + std::to_string(size) + " bytes, far too big");
    std::vector<std::uint8_t> data(size);
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(size)))
        throw std::runtime_error(where + " cannot be read");

    std::vector<float> floats;
    std::vector<std::uint64_t> indices;
    try {
        protobuf::Reader top(data);
        while (auto f = top.next()) {
            if (f->number != kCanonicalMesh || f->type != protobuf::WireType::bytes) continue;
            protobuf::Reader mesh(f->bytes);
            while (auto m = mesh.next()) {
                if (m->number == kVertexBuffer) read_floats(*m, floats);
                else if (m->number == kIndexBuffer) read_indices(*m, indices);
            }
        }
    } catch (const protobuf::WireError& e) {
        throw std::runtime_error(where + " is damaged: " + e.what());
    }
    if (floats.size() != landmark::kCount * kFloatsPerVertex)
        throw std::runtime_error(where + " has " + std::to_string(floats.size() / kFloatsPerVertex) +
                                 " vertices, expected " + std::to_string(landmark::kCount));
    if (indices.empty() || indices.size() % 3)
        throw std::runtime_error(where + " has " + std::to_string(indices.size()) +
                                 " triangle indices, not a whole number of triangles");

    CanonicalMesh m;
    for (std::size_t i = 0; i < floats.size(); i += kFloatsPerVertex) {
        m.vertices.emplace_back(floats[i], -floats[i + 1], -floats[i + 2]);
        m.uv.emplace_back(floats[i + 3], floats[i + 4]);
    }
    for (std::size_t i = 0; i < indices.size(); i += 3) {
        std::array<int, 3> t{};
        for (int k = 0; k < 3; ++k) {
            if (indices[i + k] >= static_cast<std::uint64_t>(landmark::kCount))
                throw std::runtime_error(where + ": triangle " + std::to_string(i / 3) + " names vertex " +
                                         std::to_string(indices[i + k]));
            t[static_cast<std::size_t>(k)] = static_cast<int>(indices[i + k]);
        }
        m.triangles.push_back(t);
    }
    return m;
}

}  // namespace pg
