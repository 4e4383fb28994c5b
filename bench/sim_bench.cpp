// The simulated camera's cost per frame: drawing the 3-D head (face mesh,
// shell, body, room, noise) from a pose, and a whole SimSource::grab (the
// timeline's pose, the drawing and its ground truth), at 320x240 and 640x480.
// The evaluation suite draws thousands of frames per scenario, so this must
// stay small next to the analysis itself (bench/vision_bench.cpp).
#include "source/frame_source.hpp"
#include "source/sim/face_photo.hpp"
#include "source/sim/scene.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/model_files.hpp"
#include "vision/tracker_config.hpp"

#include <benchmark/benchmark.h>

#include <vector>

namespace {

using pg::sim::Pose;

cv::Size frame_size(const benchmark::State& state) {
    const int width = static_cast<int>(state.range(0));
    return {width, width * 3 / 4};
}

// The poses of a desk session: upright, a turn, a bow, a tilt, leaning in,
// a hand at the chin with someone walking past.
const std::vector<Pose>& poses() {
    static const std::vector<Pose> p{
        Pose::upright(),
        Pose::upright().turned(40, 0.3).head(0, 40),
        Pose::upright().head(35),
        Pose::upright().head(0, 0, 22),
        Pose::leaning(1.22, 0.12),
        Pose::upright().with_hand(1.0).with_passer(0.3),
    };
    return p;
}

void BM_SimRender(benchmark::State& state) {
    const auto mesh_file = pg::find_model(pg::kCanonicalMeshFile, "");
    if (!mesh_file) {
        state.SkipWithError("canonical face mesh not fetched (scripts/fetch-models.sh)");
        return;
    }
    const pg::CanonicalMesh mesh = pg::load_canonical_mesh(*mesh_file);
    const pg::sim::Scene scene(pg::sim::load_face_photo(pg::sim::default_face_path(), mesh), mesh, frame_size(state), 1,
                               pg::TrackerConfig().camera_fov);
    std::size_t i = 0;
    std::int64_t t = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(scene.render(poses()[i], t));
        i = (i + 1) % poses().size();
        t += 600;
    }
}

void BM_SimGrab(benchmark::State& state) {
    pg::SourceOptions o;
    o.width = frame_size(state).width;
    o.height = frame_size(state).height;
    o.now_ms = 1773144000000;
    auto src = pg::make_frame_source("sim:talking", o);
    const std::int64_t t0 = *src->start_time_ms() + 180'000;
    std::int64_t t = t0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(src->grab(t));
        t = t + 600 < t0 + 300'000 ? t + 600 : t0;
    }
}

// For scale, in the same run: what the evaluation does with each frame, the
// default analyzer (mesh, tracking) on 320x240 talking frames, the size the
// analysis works at (analysis.width).
void BM_MeshAnalysisOfSimFrames(benchmark::State& state) {
    pg::SourceOptions o;
    o.width = frame_size(state).width;
    o.height = frame_size(state).height;
    o.now_ms = 1773144000000;
    auto src = pg::make_frame_source("sim:talking", o);
    const std::int64_t t0 = *src->start_time_ms() + 180'000;
    std::vector<cv::Mat> frames;
    for (int i = 0; i < 20; ++i) frames.push_back(src->grab(t0 + i * 600)->grey);
    pg::TrackerConfig c;
    c.analyzer = "mesh";
    auto choice = pg::choose_analyzer(c);
    if (choice.analyzer->name() != "mesh") {
        state.SkipWithError("face models not fetched (scripts/fetch-models.sh)");
        return;
    }
    std::size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(choice.analyzer->analyze(frames[i]));
        i = (i + 1) % frames.size();
    }
}

}  // namespace

BENCHMARK(BM_SimRender)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimGrab)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MeshAnalysisOfSimFrames)->Arg(320)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
