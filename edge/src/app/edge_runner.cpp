#include "app/edge_runner.hpp"

#include "app/batch_publisher.hpp"
#include "app/batcher.hpp"
#include "app/sequence_store.hpp"
#include "pg/clock.hpp"
#include "pg/log.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/frame_source.hpp"
#include "vision/posture_tracker.hpp"

#include <filesystem>
#include <memory>
#include <system_error>

namespace pg {
namespace {

void send(Batcher& batcher, BatchPublisher& publisher, RunStats& stats) {
    if (auto b = batcher.take()) {
        stats.samples += b->samples.size();
        if (publisher.send(*b)) {
            ++stats.batches;
        } else {
            stats.dropped_samples += b->samples.size();
            batcher.note_dropped(static_cast<std::uint32_t>(b->samples.size()));
        }
    }
}

Sample camera_error_sample(std::int64_t t) {
    Sample s;
    s.t_ms = t;
    s.state = PostureState::camera_error;
    s.width_c = 100;
    return s;
}

}  // namespace

RunStats run_edge(const EdgeConfig& cfg, Speed speed, const std::atomic<bool>& stop) {
    std::error_code ec;
    std::filesystem::create_directories(cfg.state_dir, ec);
    if (ec) throw std::system_error(ec, "cannot create state directory " + cfg.state_dir);

    SystemClock system_clock;
    SourceOptions so;
    so.width = cfg.camera_width;
    so.height = cfg.camera_height;
    so.fps = cfg.camera_fps;
    so.timezone = cfg.timezone;
    so.now_ms = system_clock.now_ms();
    so.realtime = speed == Speed::real;
    auto source = make_frame_source(cfg.source, so);

    // A simulated timeline at --speed max runs on its own clock, as fast as the
    // analysis allows; everything else lives in real time.
    std::unique_ptr<ManualClock> sim_clock;
    auto start = source->start_time_ms();
    if (speed == Speed::max && start) sim_clock = std::make_unique<ManualClock>(*start);
    Clock& clock = sim_clock ? static_cast<Clock&>(*sim_clock) : system_clock;

    PostureTracker tracker(cfg.tracker, make_analyzer(cfg.tracker),
                           std::filesystem::path(cfg.state_dir) / "baseline.json");
    SequenceStore sequence(cfg.state_dir);
    Batcher batcher(cfg.device_id, cfg.timezone, cfg.cadence, cfg.batch_interval, sequence);
    BatchPublisher publisher(to_mqtt_options(cfg.mqtt), cfg.mqtt.prefix, cfg.device_id);
    publisher.start();
    log::info("edge", "device ", cfg.device_id, " (", cfg.timezone, "): ", source->describe(), ", every ",
              cfg.cadence.count(), " ms, ", speed == Speed::max ? "as fast as possible" : "in real time");

    RunStats stats;
    const std::int64_t cadence = cfg.cadence.count();
    std::int64_t t = start.value_or(clock.now_ms());
    std::int64_t prev = t - cadence;
    bool finished = false;
    while (!stop) {
        std::int64_t next = source->next_tick_ms(t);
        // A jump (a simulated night) closes the batch: batches cover contiguous time.
        if (next > prev + cadence) send(batcher, publisher, stats);
        t = next;
        if (!clock.sleep_until_ms(t) || stop) break;
        if (!sim_clock) {
            // Never queue up a backlog: if analysis fell behind, skip to now.
            std::int64_t now = clock.now_ms();
            if (now - t > cadence) t = now;
        }
        auto frame = source->grab(t);
        if (!frame) {
            finished = true;
            break;
        }
        ++stats.frames;
        if (frame->truth && frame->truth->calibrate) tracker.request_calibration(t);
        if (frame->grey.empty()) {
            // The camera is being restarted: the tick is monitored time in error.
            batcher.add(camera_error_sample(t));
        } else {
            TickResult r = tracker.process(*frame);
            for (const auto& e : r.events) batcher.add(e);
            batcher.add(r.sample);
        }
        if (batcher.due(t)) send(batcher, publisher, stats);
        prev = t;
        t += cadence;
    }
    send(batcher, publisher, stats);
    stats.interrupted = !finished;
    if (finished) {
        log::info("edge", "source ended after ", stats.frames, " frames; waiting for ", publisher.unacked(),
                  " unacknowledged batches");
        publisher.wait_all_acked(std::chrono::hours(24 * 365), stop);
    }
    stats.acked_batches = publisher.acked();
    stats.bytes = publisher.bytes_sent();
    publisher.shutdown();
    log::info("edge", "stopped: ", stats.frames, " frames, ", stats.samples, " samples, ", stats.batches,
              " batches (", stats.acked_batches, " acknowledged)");
    return stats;
}

}  // namespace pg
