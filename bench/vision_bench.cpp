// Analysis time per frame for each analyzer at 320 and 640 px analysis width,
// steady state (tracking window on, as on the device), on simulated desk frames.
#include "source/frame_source.hpp"
#include "vision/face_analyzer.hpp"
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
    if (c.analyzer == "blazeface" && !pg::find_blazeface_model("")) {
        state.SkipWithError("BlazeFace model not fetched (scripts/fetch-models.sh)");
        return;
    }
    auto a = pg::make_analyzer(c);
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

void BM_BlazeFace(benchmark::State& s) { analyze(s, "blazeface", true); }
void BM_BlazeFaceFullFrame(benchmark::State& s) { analyze(s, "blazeface", false); }
void BM_Cascade(benchmark::State& s) { analyze(s, "cascade", true); }
void BM_CascadeFullFrame(benchmark::State& s) { analyze(s, "cascade", false); }

}  // namespace

BENCHMARK(BM_BlazeFace)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BlazeFaceFullFrame)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cascade)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CascadeFullFrame)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
#ifdef PG_HAVE_DLIB
void BM_Landmarks(benchmark::State& s) { analyze(s, "landmarks", true); }
BENCHMARK(BM_Landmarks)->Arg(320)->Arg(640)->Unit(benchmark::kMillisecond);
#endif

BENCHMARK_MAIN();
