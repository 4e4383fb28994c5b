#include "vision/mesh/canonical_mesh.hpp"

#include "edge_test_support.hpp"
#include "vision/mesh/protobuf_wire.hpp"
#include "vision/model_files.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace pg {
namespace {

std::optional<std::string> mesh_file() { return find_model(kCanonicalMeshFile, ""); }

#define REQUIRE_MESH(f)      \
    auto f = mesh_file();    \
    if (!f) GTEST_SKIP() << "canonical mesh not fetched (scripts/fetch-models.sh)"

TEST(ProtobufWire, ReadsVarintsBytesAndFixed32AndRefusesTruncation) {
    // field 1 varint 300, field 2 bytes "ab", field 3 fixed32 1.0f
    const std::vector<std::uint8_t> msg{0x08, 0xac, 0x02, 0x12, 0x02, 'a', 'b', 0x1d, 0x00, 0x00, 0x80, 0x3f};
    protobuf::Reader r(msg);
    auto a = r.next(), b = r.next(), c = r.next();
    ASSERT_TRUE(a && b && c);
    EXPECT_EQ(a->number, 1u);
    EXPECT_EQ(a->value, 300u);
    EXPECT_EQ(b->bytes.size(), 2u);
    EXPECT_FLOAT_EQ(protobuf::as_float(*c), 1.0f);
    EXPECT_FALSE(r.next());

    const std::vector<std::uint8_t> cut{0x12, 0x05, 'a'};
    protobuf::Reader t(cut);
    EXPECT_THROW(t.next(), protobuf::WireError);
    const std::vector<std::uint8_t> group{0x0b};  // wire type 3 (groups) is not supported
    protobuf::Reader g(group);
    EXPECT_THROW(g.next(), protobuf::WireError);
}

TEST(CanonicalMesh, HasTheFaceMeshTopologyInCameraAxes) {
    REQUIRE_MESH(file);
    const CanonicalMesh m = load_canonical_mesh(*file);
    ASSERT_EQ(m.vertices.size(), 468u);
    EXPECT_EQ(m.triangles.size(), 898u);
    const auto& re = m.vertices[landmark::right_eye_outer];
    const auto& le = m.vertices[landmark::left_eye_outer];
    // The person's right eye on the image's left, eyes level and symmetric.
    EXPECT_LT(re.x, 0.0f);
    EXPECT_NEAR(re.x, -le.x, 1e-4);
    EXPECT_NEAR(re.y, le.y, 1e-4);
    // y down: the forehead above the chin; z away: the nose tip nearest the camera.
    EXPECT_LT(m.vertices[landmark::forehead].y, m.vertices[landmark::chin].y);
    for (const auto& v : m.vertices) EXPECT_GE(v.z, m.vertices[landmark::nose_tip].z - 0.2f);
    // An average face: ~9 cm between the outer eye corners.
    EXPECT_NEAR(cv::norm(le - re), 8.9, 0.2);
}

TEST(CanonicalMesh, ADamagedFileIsRefusedByName) {
    REQUIRE_MESH(file);
    test::TempDir dir;
    std::ifstream in(*file, std::ios::binary);
    std::ostringstream all;
    all << in.rdbuf();
    const std::string data = all.str();
    const auto cut = dir.path() / "cut.binarypb";
    std::ofstream(cut, std::ios::binary) << data.substr(0, data.size() / 2);
    try {
        load_canonical_mesh(cut);
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cut.binarypb"), std::string::npos) << e.what();
    }
    EXPECT_THROW(load_canonical_mesh(dir.path() / "missing.binarypb"), std::runtime_error);
    const auto foreign = dir.path() / "foreign.binarypb";
    std::ofstream(foreign, std::ios::binary) << "not a protobuf at all, just text";
    EXPECT_THROW(load_canonical_mesh(foreign), std::runtime_error);
}

}  // namespace
}  // namespace pg
