#include "app/edge_runner.hpp"

#include "app/batch_publisher.hpp"
#include "app/batcher.hpp"
#include "app/clock_gate.hpp"
#include "app/edge_stats.hpp"
#include "app/event_json.hpp"
#include "app/ha_discovery.hpp"
#include "app/ha_discovery_record.hpp"
#include "app/outbox.hpp"
#include "app/sequence_store.hpp"
#include "app/config_reload.hpp"
#include "app/local_socket.hpp"
#include "app/sim_progress.hpp"
#include "app/source_switch.hpp"
#include "app/tick_trace.hpp"
#include "control/edge_control.hpp"
#include "indicator/indicator_factory.hpp"
#include "pg/clock.hpp"
#include "pg/log.hpp"
#include "pg/sd_notify.hpp"
#include "pg/stop_signals.hpp"
#include "source/frame_source.hpp"
#include "vision/face_analyzer.hpp"
#include "vision/posture_tracker.hpp"

#include <filesystem>
#include <memory>
#include <system_error>
#include <thread>

namespace pg {
namespace {

void send(Batcher& batcher, BatchPublisher& publisher, RunStats& stats) {
    if (auto b = batcher.take()) {
        stats.samples += b->samples.size();
        ++stats.batches;
        // What the outbox had to give up is in its ledger; a later batch reports it.
        stats.dropped_samples += publisher.send(*b);
    }
}

TickResult status_tick(std::int64_t t, PostureState state) {
    TickResult r;
    r.sample.t_ms = t;
    r.sample.state = state;
    r.sample.width_c = 100;
    return r;
}

}  // namespace

RunStats run_edge(const EdgeConfig& cfg, const RunOptions& options, const std::atomic<bool>& stop) {
    const Speed speed = options.speed;
    std::error_code ec;
    std::filesystem::create_directories(cfg.state_dir, ec);
    if (ec) throw std::system_error(ec, "cannot create state directory " + cfg.state_dir);

    SystemClock system_clock;
    SourceOptions so = source_options(cfg);
    so.realtime = speed == Speed::real;
    auto source = make_frame_source(cfg.source, so);

    // A simulated timeline at --speed max runs on its own clock, as fast as the
    // analysis allows; everything else lives in real time.
    std::unique_ptr<ManualClock> sim_clock;
    auto start = source->start_time_ms();
    if (speed == Speed::max && start) sim_clock = std::make_unique<ManualClock>(*start);
    Clock& clock = sim_clock ? static_cast<Clock&>(*sim_clock) : system_clock;

    // Read first: a damaged progress file stops the start before anything else.
    std::optional<SimProgress> progress;
    std::optional<std::int64_t> resume_after;
    if (sim_clock) {
        progress.emplace(std::filesystem::path(cfg.state_dir) / "sim-progress", cfg.source);
        resume_after = progress->load();
    }

    AnalyzerChoice analyzer = choose_analyzer(cfg.tracker);
    const std::string analyzer_name = analyzer.analyzer->name();
    PostureTracker tracker(cfg.tracker, std::move(analyzer.analyzer),
                           std::filesystem::path(cfg.state_dir) / "baseline.json");
    OutboxOptions oo;
    oo.dir = std::filesystem::path(cfg.state_dir) / "outbox";
    oo.max_bytes = static_cast<std::uint64_t>(cfg.outbox_max_mb) << 20;
    oo.segment_bytes = static_cast<std::uint64_t>(cfg.outbox_segment_kb) << 10;
    Outbox outbox(oo);
    SequenceStore sequence(cfg.state_dir, outbox.next_seq(), outbox.numbering_known());
    Batcher batcher(cfg.device_id, cfg.timezone, cfg.cadence, cfg.batch_interval, sequence);
    BatchPublisher publisher(to_mqtt_options(cfg.mqtt), cfg.mqtt.prefix, cfg.device_id, outbox);
    // Alerts, commands and the state topic. Built before the broker connection, so
    // a missing GPIO chip fails the start before anything is announced; destroyed
    // before the publisher, it drives the buzzer off on every way out of here.
    ControlHooks hooks;
    hooks.publish_state = [&publisher](const std::string& json) { publisher.publish_state(json); };
    hooks.publish_result = [&publisher](const std::string& json) { publisher.publish_command_result(json); };
    hooks.calibrate = [&tracker](std::int64_t at) { tracker.request_calibration(at); };
    EdgeControl control({cfg.device_id, cfg.timezone, cfg.cadence, cfg.alert, cfg.gpio, cfg.schedule, analyzer_name},
                        make_indicator(cfg.gpio, cfg.board_file), clock, std::move(hooks));
    // pg-edge status, pause, ...: the same commands through the same inbox.
    std::optional<LocalSocket> local;
    if (options.local_socket) {
        const auto path = local_socket_path(cfg.state_dir);
        if (fits_unix_socket(path)) local.emplace(path, control.inbox(), cfg.cadence);
        else log::warn("control", "no local commands: the socket path ", path, " is too long for a Unix socket");
    }
    SourceSwitch source_switch(*source);
    EdgeConfig running = cfg;  // what SIGHUP compares a reloaded file with
    publisher.set_command_handler([inbox = control.inbox()](std::string_view p) { EdgeControl::submit(*inbox, p); });
    // Discovery on: announce the device, and clear any config we announced
    // elsewhere before (another device id or prefix). Off: clear all of them.
    HaDiscoveryRecord ha_record(std::filesystem::path(cfg.state_dir) / "ha-discovery");
    std::vector<std::string> ha_removals = ha_record.topics();
    if (cfg.ha_discovery) {
        const HaDiscoveryInfo ha = ha_discovery_info(cfg);
        const std::string topic = ha_discovery_topic(ha);
        std::erase(ha_removals, topic);
        ha_record.add(topic);
        publisher.set_discovery(topic, ha_discovery_payload(ha), cfg.ha_prefix + "/status");
    }
    if (!ha_removals.empty()) {
        log::info("homeassistant", "clearing ", ha_removals.size(), " discovery config(s) published before");
        publisher.set_discovery_removals(ha_removals);
    }
    auto forget_cleared = [&] {
        if (ha_removals.empty() || !publisher.discovery_removals_acked()) return;
        ha_record.remove(ha_removals);
        log::info("homeassistant", "cleared the discovery config(s) published before");
        ha_removals.clear();
    };
    std::optional<TickTrace> trace;
    if (!options.trace_file.empty()) trace.emplace(options.trace_file);
    publisher.start();
    EdgeStats edge_stats(PG_VERSION, cfg.timezone, cfg.stats_interval);
    edge_stats.set_analyzer(analyzer_name, analyzer.fallback);
    // Under systemd (Type=notify): ready once wired; the watchdog is pinged from
    // this loop, so a hung camera or analysis gets the service restarted.
    sd::notify_ready();
    const auto watchdog_every = sd::watchdog_ping_interval();
    auto next_watchdog = std::chrono::steady_clock::now();
    log::info("edge", "indicator: ", control.describe());
    log::info("edge", "device ", cfg.device_id, " (", cfg.timezone, "): ", source->describe(), ", every ",
              cfg.cadence.count(), " ms, ", speed == Speed::max ? "as fast as possible" : "in real time");

    RunStats stats;
    const std::int64_t cadence = cfg.cadence.count();
    std::int64_t t = start.value_or(clock.now_ms());
    if (resume_after && *resume_after >= t) {
        t = *resume_after + cadence;
        sim_clock->set_ms(t);
        log::info("edge", "resuming the simulated timeline after its last stored tick");
    }
    // A simulated timeline carries its own true time; a live one waits for NTP
    // (device.clock_check), and never trusts a clock set before the build date.
    AlwaysSynchronized trusted;
    KernelClockProbe kernel;
    BuildDateProbe build_date;
    ClockSyncProbe& probe = sim_clock ? static_cast<ClockSyncProbe&>(trusted)
                            : cfg.clock_check ? static_cast<ClockSyncProbe&>(kernel)
                                              : build_date;
    ClockGate gate(probe, static_cast<std::size_t>(std::max<std::int64_t>(1, 86'400'000 / cadence)));
    std::int64_t last_tick = t - cadence;
    // Samples the gate gave up, recorded in the outbox's ledger a batch's worth at a time.
    std::uint64_t gate_lost = 0;
    const std::uint64_t batch_ticks = static_cast<std::uint64_t>(std::max<std::int64_t>(1, cfg.batch_interval.count() / cadence));
    auto record_gate_losses = [&] {
        if (gate_lost) publisher.record_loss(gate_lost);
        gate_lost = 0;
    };
    auto flush = [&] {
        record_gate_losses();
        send(batcher, publisher, stats);
        if (progress) progress->save(last_tick);
    };
    std::int64_t prev = t - cadence;
    bool finished = false;
    while (!stop) {
        std::int64_t next = source->next_tick_ms(t);
        // A jump (a simulated night) closes the batch: batches cover contiguous time.
        if (next > prev + cadence) flush();
        // The next regular tick is one cadence away, whatever the wall clock did
        // meanwhile: stepped back by hours, it must not stall the analysis.
        if (!sim_clock && next == t) next = std::min(next, clock.now_ms() + cadence);
        t = next;
        // A signal (SIGHUP) cuts the sleep short; the tick still comes at its time.
        while (!clock.sleep_until_ms(t) && !stop) {
        }
        if (stop) break;
        if (take_reload_request()) reload_config(running, options.reload, control, tracker);
        if (!sim_clock) {
            // Never queue up a backlog: if analysis fell behind (or the clock
            // jumped ahead), skip to now. A jump either way ends the batch.
            std::int64_t now = clock.now_ms();
            if (now - t > cadence) t = now;
            if ((t - prev > 2 * cadence || t < prev) && !batcher.empty()) flush();
        }
        // Paused (a command, the button, the schedule): the camera is stopped and
        // nothing is grabbed, but every tick still has its sample, in state paused.
        const PauseStatus pause = control.poll();
        if (source_switch.update(pause.paused, t) == SourceSwitch::Step::resumed) tracker.reset_analysis();
        TickResult tick;
        std::optional<PostureState> truth;
        double analysis_ms = 0;
        if (pause.paused) {
            if (source->ended(t)) {
                finished = true;
                break;
            }
            tick = status_tick(t, PostureState::paused);
        } else {
            auto frame = source->grab(t);
            if (!frame) {
                finished = true;
                break;
            }
            ++stats.frames;
            if (frame->truth) truth = frame->truth->state;
            if (frame->truth && frame->truth->calibrate) tracker.request_calibration(t);
            const auto analysis_start = std::chrono::steady_clock::now();
            if (!frame->grey.empty()) {
                source_switch.frame_seen();
                tick = tracker.process(*frame);
            } else {
                // No pixels: a camera starting after a pause is still paused time;
                // otherwise it is being restarted: monitored time in error.
                tick = status_tick(t, source_switch.warming_up(t) ? PostureState::paused : PostureState::camera_error);
            }
            const auto analysed = std::chrono::steady_clock::now();
            edge_stats.frame_analysed(std::chrono::duration_cast<std::chrono::microseconds>(analysed - analysis_start));
            analysis_ms = std::chrono::duration<double, std::milli>(analysed - analysis_start).count();
        }
        const auto ticked = std::chrono::steady_clock::now();
        if (trace) trace->write(tick, truth, analysis_ms);
        edge_stats.sample(tick.sample);
        if (auto json = edge_stats.due(ticked, publisher.counters().outbox_depth, publisher.broker()))
            publisher.publish_stats(*json);
        if (watchdog_every && ticked >= next_watchdog) {
            sd::notify_watchdog();
            next_watchdog = ticked + *watchdog_every;
        }
        for (const auto& e : control.tick(tick.sample, tracker.calibrated(), tracker.camera_moved()))
            tick.events.push_back(e);
        // At once on the event topic (Home Assistant, automations); in the batch for the hub.
        for (const auto& e : tick.events) {
            edge_stats.event(e);
            publisher.publish_event(format_event_json(e, cfg.device_id, cfg.timezone, edge_stats.alerts_today()));
        }
        forget_cleared();
        for (auto& r : gate.admit(std::move(tick), ClockGate::boot_ms_now(), clock.now_ms())) {
            for (const auto& e : r.events) batcher.add(e);
            batcher.add(r.sample);
            last_tick = r.sample.t_ms;
        }
        if (std::uint32_t lost = gate.take_dropped()) {
            stats.dropped_samples += lost;
            if ((gate_lost += lost) >= batch_ticks) record_gate_losses();
        }
        if (batcher.due(t)) flush();
        prev = t;
        t += cadence;
    }
    sd::notify_stopping();
    control.shutdown();  // quiet at once, before waiting for the broker
    flush();
    if (gate.holding()) {
        // Their times cannot be corrected after a restart: lost, and reported
        // by the first batch with a true time.
        log::warn("clock", "stopping with ", gate.held(), " samples held for an unsynchronised clock; they are lost");
        stats.dropped_samples += gate.held();
        publisher.record_loss(gate.held());
    } else if (publisher.unreported_losses() > 0 || (stats.batches == 0 && outbox.batches_lost_at_start() > 0)) {
        // No batch is coming to carry the drop counter, or to show the hub the
        // numbers recovery had to skip: an empty one does.
        publisher.send(batcher.take_empty(last_tick));
        ++stats.batches;
    }
    stats.interrupted = !finished;
    if (finished) {
        log::info("edge", "source ended after ", stats.frames, " frames; waiting for ",
                  publisher.counters().outbox_depth, " unacknowledged batches");
        publisher.wait_all_acked(std::chrono::hours(24 * 365), stop);
    } else {
        // Stopped by a signal: give the broker a moment; the rest stays on disk.
        std::atomic<bool> never{false};
        publisher.wait_all_acked(std::chrono::seconds(3), never);
    }
    // A short run can end before the broker was even reached: clearing Home
    // Assistant's configs is as much owed as the batches.
    const auto clear_deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (!ha_removals.empty() && !publisher.discovery_removals_acked() &&
           (finished ? !stop.load() : std::chrono::steady_clock::now() < clear_deadline))
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    forget_cleared();
    auto counters = publisher.counters();
    stats.acked_batches = counters.acked;
    stats.bytes = counters.bytes;
    stats.outbox_depth = counters.outbox_depth;
    publisher.shutdown();
    log::info("edge", "stopped: ", stats.frames, " frames, ", stats.samples, " samples, ", stats.batches,
              " batches (", stats.acked_batches, " acknowledged)");
    return stats;
}

}  // namespace pg
