#include "app/preview_command.hpp"

#include "app/preview_render.hpp"
#include "pg/clock.hpp"
#include "pg/exit_codes.hpp"
#include "source/frame_source.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/posture_tracker.hpp"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace pg {
namespace {

std::string fixed(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

nlohmann::ordered_json box_json(const std::optional<cv::Rect2f>& r) {
    if (!r) return nullptr;
    return {std::lround(r->x), std::lround(r->y), std::lround(r->width), std::lround(r->height)};
}

std::unique_ptr<FrameSource> open_source(const EdgeConfig& c, std::ostream& err) {
    try {
        return make_frame_source(c.source, source_options(c));
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        err << "pg-edge preview: " << what << "\n";
        if (what.find("in use") != std::string::npos)
            err << "pg-edge preview: the camera is busy; the preview never takes it from a running pg-edge: stop the "
                   "service (sudo systemctl stop postureguard-edge), take the preview, start it again\n";
        return nullptr;
    }
}

}  // namespace

int run_preview_command(const EdgeConfig& config, const PreviewOptions& options, std::ostream& out,
                        std::ostream& err, const std::atomic<bool>& stop) {
    auto source = open_source(config, err);
    if (!source) return exit_code::failure;
    AnalyzerChoice analyzer = choose_analyzer(config.tracker);
    const std::string analyzer_name = analyzer.analyzer->name();
    // Reads the baseline; only a calibration writes it, and none is asked for here.
    PostureTracker tracker(config.tracker, std::move(analyzer.analyzer),
                           std::filesystem::path(config.state_dir) / "baseline.json");

    SystemClock system_clock;
    std::unique_ptr<ManualClock> sim_clock;
    if (auto start = source->start_time_ms()) sim_clock = std::make_unique<ManualClock>(*start);
    Clock& clock = sim_clock ? static_cast<Clock&>(*sim_clock) : system_clock;
    // Enough ticks for the smoothed state to follow what the camera sees.
    const int ticks = 1 + std::max({config.tracker.enter_ticks, config.tracker.head_enter_ticks,
                                    config.tracker.exit_ticks, config.tracker.away_ticks});
    const std::int64_t cadence = config.cadence.count();
    const std::int64_t give_up = clock.now_ms() + 10'000;  // a live camera restarting gets a few seconds
    std::optional<Frame> last;
    TickResult tick;
    int analysed = 0;
    for (std::int64_t t = source->next_tick_ms(clock.now_ms()); !stop && analysed < ticks;
         t = source->next_tick_ms(t + cadence)) {
        if (!clock.sleep_until_ms(t) || stop) break;
        auto frame = source->grab(t);
        if (!frame) break;  // a finite source ended
        if (!frame->grey.empty()) {
            tick = tracker.process(*frame);
            last = std::move(frame);
            ++analysed;
        } else if (clock.now_ms() > give_up) {
            break;  // no pixels: the camera is being restarted, again and again
        }
    }
    if (stop) {
        err << "pg-edge preview: interrupted\n";
        return exit_code::failure;
    }
    if (!last) {
        err << "pg-edge preview: no frame from " << source->describe()
            << (sim_clock ? "" : " in 10 s: the camera is failing or held by another process (a running pg-edge?)")
            << "\n";
        return exit_code::failure;
    }

    const Observation& obs = tracker.last_observation();
    PreviewOverlay overlay;
    if (obs.found) overlay.face = obs.face;
    overlay.baseline = tracker.baseline_face(last->grey.size());
    if (obs.found) overlay.landmarks = obs.landmarks;
    const auto& m = tick.raw;
    overlay.lines.push_back("state " + std::string(to_string(tick.sample.state)) + ", score " +
                            std::to_string(tick.sample.score));
    if (m) {
        overlay.lines.push_back("width ratio " + fixed(m->width_ratio, 2) + ", drop " + fixed(m->drop, 2));
        overlay.lines.push_back(m->has_head ? "pitch " + fixed(m->pitch_deg, 1) + ", roll " + fixed(m->roll_deg, 1) +
                                                  ", yaw " + fixed(m->yaw_deg, 1)
                                            : std::string("no head pose from this analyzer"));
    } else {
        overlay.lines.push_back(!tracker.calibrated() ? "not calibrated: run pg-edge calibrate"
                                : obs.found           ? "face seen"
                                                      : "no face");
    }
    overlay.lines.push_back(analyzer_name + ", " + std::to_string(obs.faces) + " face(s), local preview only");
    const cv::Mat picture = render_preview(last->grey, overlay);

    bool written = false;
    try {
        written = cv::imwrite(options.out, picture);
    } catch (const cv::Exception& e) {
        err << "pg-edge preview: " << e.what() << "\n";
    }
    if (!written) {
        err << "pg-edge preview: cannot write " << options.out << " (a .png path in a writable directory)\n";
        return exit_code::failure;
    }
    if (options.json) {
        nlohmann::ordered_json j;
        j["out"] = options.out;
        j["width"] = picture.cols;
        j["height"] = picture.rows;
        j["source"] = source->describe();
        j["analyzer"] = analyzer_name;
        j["state"] = to_string(tick.sample.state);
        j["score"] = tick.sample.score;
        j["face"] = box_json(overlay.face);
        j["baseline"] = box_json(overlay.baseline);
        j["landmarks"] = overlay.landmarks.size();
        if (m)
            j["metrics"] = {{"width_ratio", m->width_ratio}, {"drop", m->drop}, {"pitch", m->pitch_deg},
                            {"roll", m->roll_deg}, {"yaw", m->yaw_deg}, {"head_pose", m->has_head}};
        else
            j["metrics"] = nullptr;
        out << j.dump() << "\n";
    } else {
        out << "wrote " << options.out << " (" << picture.cols << "x" << picture.rows << ", " << source->describe()
            << "): " << overlay.lines.front() << "; never published\n";
    }
    return exit_code::ok;
}

}  // namespace pg
