#include "vision/posture_tracker.hpp"

#include "edge_test_support.hpp"
#include "source/frame_source.hpp"
#include "vision/face_analyzer.hpp"

#include <gtest/gtest.h>

#include <map>

namespace pg {
namespace {

struct Accuracy {
    int judged = 0;
    int correct = 0;
    int calibrations = 0;
    std::map<std::pair<PostureState, PostureState>, int> confusion;  // (truth, reported)
    double rate() const { return judged ? static_cast<double>(correct) / judged : 0.0; }
};

// Drives a sim source through the real analyzer and tracker, pressing calibrate
// when the scripted user does. Ticks within enter_ticks of a truth change are
// not judged: the smoother is meant to lag there.
Accuracy run(const std::string& spec, std::int64_t cadence_ms, const SourceOptions& options) {
    test::TempDir dir;
    TrackerConfig config;
    PostureTracker tracker(config, make_analyzer(config), dir.path() / "baseline.json");
    auto source = make_frame_source(spec, options);
    Accuracy acc;
    std::optional<PostureState> last_truth;
    int since_change = 0;
    for (std::int64_t t = *source->start_time_ms();; t = source->next_tick_ms(t + cadence_ms)) {
        auto frame = source->grab(t);
        if (!frame) break;
        const GroundTruth& truth = *frame->truth;
        if (truth.calibrate) tracker.request_calibration(t);
        TickResult r = tracker.process(*frame);
        for (const Event& e : r.events) acc.calibrations += e.type == EventType::calibration;
        since_change = truth.state == last_truth ? since_change + 1 : 0;
        last_truth = truth.state;
        if (since_change < config.enter_ticks) continue;
        ++acc.judged;
        acc.correct += r.sample.state == truth.state;
        ++acc.confusion[{truth.state, r.sample.state}];
    }
    return acc;
}

std::string describe(const Accuracy& a) {
    std::string out = "correct " + std::to_string(a.correct) + " of " + std::to_string(a.judged) + "\n";
    for (const auto& [k, n] : a.confusion)
        out += "  truth " + std::string(to_string(k.first)) + " -> " + std::string(to_string(k.second)) + ": " +
               std::to_string(n) + "\n";
    return out;
}

TEST(EndToEnd, QuickScenarioAtOneSecondMatchesGroundTruth) {
    Accuracy a = run("sim:quick", 1000, test::sim_options());
    EXPECT_EQ(a.calibrations, 1);
    EXPECT_GT(a.judged, 550);
    EXPECT_GE(a.rate(), 0.90) << describe(a);
    std::cout << "[ accuracy ] sim:quick @1s: " << describe(a);
}

TEST(EndToEnd, QuickScenarioAtTheDefaultCadenceAndAnotherSeed) {
    for (const char* spec : {"sim:quick,seed=2"}) {
        Accuracy a = run(spec, 600, test::sim_options());
        EXPECT_EQ(a.calibrations, 1) << spec;
        EXPECT_GE(a.rate(), 0.90) << spec << "\n" << describe(a);
    }
}

TEST(EndToEnd, WorkdayAtTenSecondCadence) {
    SourceOptions o = test::sim_options();
    o.timezone = "America/New_York";
    Accuracy a = run("sim:workday,seed=21", 10'000, o);
    EXPECT_EQ(a.calibrations, 1);
    EXPECT_GE(a.rate(), 0.90) << describe(a);
    std::cout << "[ accuracy ] sim:workday @10s: " << describe(a);
}

}  // namespace
}  // namespace pg
