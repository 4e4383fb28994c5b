#pragma once

#include "alert/alert_policy.hpp"
#include "control/command.hpp"
#include "control/command_queue.hpp"
#include "control/local_time.hpp"
#include "control/pause_state.hpp"
#include "control/state_json.hpp"
#include "indicator/gpio_config.hpp"
#include "indicator/indicator_driver.hpp"
#include "pg/batch.hpp"
#include "pg/clock.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace pg {

struct ControlOptions {
    std::string device;
    std::string timezone;
    std::chrono::milliseconds cadence{600};
    AlertConfig alert;
    GpioConfig gpio;
    std::string schedule;   // [monitoring] schedule; "" = always
    std::string analyzer;   // for the status command
};

// Where the control's output goes; called on the main loop's thread only.
struct ControlHooks {
    std::function<void(const std::string& json)> publish_state;
    std::function<void(const std::string& json)> publish_result;
    std::function<void(std::int64_t t_ms)> calibrate;
};

using CommandInbox = CommandQueue<ParsedCommand>;

// The alerting half of the tick loop: takes commands (MQTT, local socket, button)
// from a queue, keeps the pause and the monitoring schedule, runs the AlertPolicy
// on each tick's state, plays patterns on the indicator and keeps the retained
// state topic current. Owns the IndicatorDriver, so destroying it — on any exit
// path — drives the outputs off.
class EdgeControl {
public:
    EdgeControl(ControlOptions options, std::unique_ptr<Indicator> indicator, const Clock& clock, ControlHooks hooks);
    ~EdgeControl();
    EdgeControl(const EdgeControl&) = delete;
    EdgeControl& operator=(const EdgeControl&) = delete;

    // For the MQTT network thread: parse there (pure, bounded), act in tick().
    // Shared, so a late message cannot reach a destroyed control.
    std::shared_ptr<CommandInbox> inbox() const { return inbox_; }
    static void submit(CommandInbox& inbox, std::string_view payload);

    // Before each tick's frame is grabbed: applies the commands that arrived and
    // ends a timed pause whose time has come. Paused: grab nothing, and pass
    // tick() a sample in state `paused`.
    PauseStatus poll();
    // Once per tick (paused or not): returns the events for the batch.
    std::vector<Event> tick(const Sample& sample, bool calibrated, bool camera_moved = false);
    // A reloaded configuration (SIGHUP): alert settings and the schedule change
    // at once; snooze, pause and escalation carry on. Throws ConfigError.
    void reconfigure(const AlertConfig& alert, const std::string& schedule);
    // Drives the outputs off and stops the indicator thread (also done by the destructor).
    void shutdown();
    std::string describe() const { return driver_->describe(); }

private:
    void handle(const ParsedCommand& p);
    void answer(const ParsedCommand& p, const std::string& result);
    // What the command did, for its result ({} = nothing to add); throws
    // std::invalid_argument with the reason to refuse it.
    nlohmann::ordered_json apply(const Command& c);
    std::int64_t until_ms(const Until& u) const;
    DeviceStatus status_now() const;

    ControlOptions opt_;
    const Clock& clock_;
    ControlHooks hooks_;
    std::shared_ptr<CommandInbox> inbox_;
    LocalZone zone_;
    PauseState pause_;
    AlertPolicy policy_;
    std::vector<Event> pending_;  // from commands applied in poll(), for the next tick()
    std::vector<ParsedCommand> deferred_;  // status requests, answered after the tick
    Sample last_sample_;
    bool calibrated_ = false;
    bool camera_moved_ = false;
    StateThrottle throttle_;
    std::unique_ptr<IndicatorDriver> driver_;  // after inbox_: its button handler pushes there
    PostureState state_ = PostureState::uncalibrated;
    std::optional<std::int64_t> since_;
};

}  // namespace pg
