#include "app/calibrate_session.hpp"

#include "pg/clock.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/posture_tracker.hpp"

#include <memory>

namespace pg {

CalibrateOutcome calibrate_from_source(FrameSource& source, const TrackerConfig& config,
                                       std::chrono::milliseconds cadence, const std::filesystem::path& baseline_file,
                                       const std::atomic<bool>& stop) {
    SystemClock system_clock;
    std::unique_ptr<ManualClock> sim_clock;
    const auto start = source.start_time_ms();
    if (start) sim_clock = std::make_unique<ManualClock>(*start);
    Clock& clock = sim_clock ? static_cast<Clock&>(*sim_clock) : system_clock;

    PostureTracker tracker(config, make_analyzer(config), baseline_file);
    // A live camera or an unlabelled recording: the user is sitting upright now.
    // A simulation: when its script presses the button (the scene before may be
    // an empty desk).
    bool started = false;
    for (std::int64_t t = start.value_or(clock.now_ms());; t += cadence.count()) {
        if (stop) return {std::nullopt, "calibration interrupted"};
        t = source.next_tick_ms(t);
        if (!clock.sleep_until_ms(t)) return {std::nullopt, "calibration interrupted"};
        auto frame = source.grab(t);
        if (!frame) {
            if (!started) return {std::nullopt, "the source ended without asking for a calibration"};
            const std::string& why = tracker.calibration_waiting_for();
            return {std::nullopt, "the source ended before the calibration was complete" +
                                      (why.empty() ? std::string() : " (still waiting: " + why + ")")};
        }
        if (!started && (!frame->truth || frame->truth->calibrate)) {
            tracker.request_calibration(t);
            started = true;
        }
        if (!started || frame->grey.empty()) continue;
        const TickResult r = tracker.process(*frame);
        for (const Event& e : r.events) {
            if (e.type == EventType::calibration_failed) return {std::nullopt, "calibration refused: " + r.note};
            if (e.type != EventType::calibration) continue;
            auto saved = BaselineStore(baseline_file).load();
            if (!saved) return {std::nullopt, "the baseline could not be written to " + baseline_file.string()};
            return {saved, "calibrated from " + std::to_string(e.value) + " frames; baseline written to " +
                               baseline_file.string()};
        }
    }
}

}  // namespace pg
