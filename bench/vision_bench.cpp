// Analysis time per frame for each analyzer at 320 and 640 px analysis width,
// steady state (tracking window on, as on the device), on simulated desk frames.
#include "source/frame_source.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/mesh/face_landmarker.hpp"
#include "vision/mesh/head_pose_solver.hpp"
#include "vision/model_files.hpp"
#include "vision/tracker_config.hpp"

#include <benchmark/benchmark.h>

#include <vector>

namespace {

// 20 frames, 0.6 s apart, of the user working upright then leaning in.
std::vector<cv::Mat> desk_frames(int width) {
    pg::SourceOptions o;
    o.width = width;
    o.height = width * 3 / 4;
    o.now_ms = 1773144000000;
    auto src = pg::make_frame_source("sim:quick", o);
    std::vector<cv::Mat> out;
    const std::int64_t t0 = *src->start_time_ms() + 100'000;
    for (int i = 0; i < 20; ++i) out.push_back(src->grab(t0 + i * 600)->grey);
    return out;
}

void analyze(benchmark::State& state, const char* analyzer, bool tracking) {
    const int width = static_cast<int>(state.range(0));
    pg::TrackerConfig c;
    c.analyzer = analyzer;
    c.analysis_width = width;
    auto choice = pg::choose_analyzer(c);
    if (choice.analyzer->name() != c.analyzer) {
        state.SkipWithError(choice.fallback.c_str());
        return;
    }
    auto& a = choice.analyzer;
    const auto frames = desk_frames(width);
    std::size_t i = 0, found = 0, n = 0;
    for (auto _ : state) {
        if (!tracking) a->reset();
        found += a->analyze(frames[i]).found;
        ++n;
        i = (i + 1) % frames.size();
    }
    state.counters["found"] = static_cast<double>(found) / static_cast<double>(n);
}

// The mesh analyzer's parts: the landmark network on one face crop, and the
// head pose fit of its 468 points.
void BM_MeshLandmarks(benchmark::State& state) {
    auto model = pg::find_model(pg::kFaceLandmarkModelFile, "");
    if (!model) {
        state.SkipWithError("face landmark model missing");
        return;
    }
    pg::FaceLandmarker lm(*model);
    const auto frames = desk_frames(640);
    const pg::FaceRegion region{{320.0f, 190.0f}, 200.0f, 0.0f};
    for (auto _ : state) benchmark::DoNotOptimize(lm.run(frames[0], region));
}

void BM_MeshHeadPose(benchmark::State& state) {
    auto model = pg::find_model(pg::kFaceLandmarkModelFile, "");
    auto mesh = pg::find_model(pg::kCanonicalMeshFile, "");
    if (!model || !mesh) {
        state.SkipWithError("face models missing (scripts/fetch-models.sh)");
        return;
    }
    pg::FaceLandmarker lm(*model);
    const auto frames = desk_frames(640);
    const auto points = lm.run(frames[0], pg::FaceRegion{{320.0f, 190.0f}, 200.0f, 0.0f}).points;
    pg::HeadPoseSolver solver(pg::load_canonical_mesh(*mesh), 62.0);
    for (auto _ : state) benchmark::DoNotOptimize(solver.solve(points, frames[0].size()));
}

void BM_BlazeFace(benchmark::State& s) { analyze(s, "blazeface", true); }
void BM_BlazeFaceFullFrame(benchmark::State& s) { analyze(s, "blazeface", false); }
void BM_Mesh(benchmark::State& s) { analyze(s, "mesh", true); }
void BM_Cascade(benchmark::State& s) { analyze(s, "cascade", true); }
void BM_CascadeFullFrame(benchmark::State& s) { analyze(s, "cascade", false); }

}  // namespace

BENCHMARK(BM_MeshLandmarks)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MeshHeadPose)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Mesh)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
// The whole process's CPU per frame, cv::dnn's worker threads included: what a
// Pi's cores pay, not just the calling thread.
BENCHMARK(BM_Mesh)->Arg(320)->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BlazeFace)->Arg(320)->MeasureProcessCPUTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BlazeFace)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BlazeFaceFullFrame)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cascade)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CascadeFullFrame)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
#ifdef PG_HAVE_DLIB
void BM_Landmarks(benchmark::State& s) { analyze(s, "landmarks", true); }
BENCHMARK(BM_Landmarks)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
#endif

BENCHMARK_MAIN();
