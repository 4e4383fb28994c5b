#include "control/edge_control.hpp"

#include "indicator/pattern.hpp"
#include "pg/log.hpp"

#include <stdexcept>

namespace pg {
namespace {

// A retained state at most once a second, and at least once a minute.
constexpr std::chrono::milliseconds kStateMinGap{1000};
constexpr std::chrono::milliseconds kStateRefresh{60000};

ParsedCommand button_command(ButtonAction a) {
    Command c;
    c.kind = a == ButtonAction::short_press ? CommandKind::snooze : CommandKind::calibrate;
    c.origin = CommandOrigin::button;
    ParsedCommand p;
    p.command = c;
    return p;
}

}  // namespace

EdgeControl::EdgeControl(ControlOptions options, std::unique_ptr<Indicator> indicator, const Clock& clock,
                         ControlHooks hooks)
    : opt_(std::move(options)), clock_(clock), hooks_(std::move(hooks)), inbox_(std::make_shared<CommandInbox>()),
      policy_(opt_.alert, QuietHours(opt_.alert.quiet_hours, opt_.timezone), clock_, opt_.cadence),
      throttle_(kStateMinGap, kStateRefresh) {
    driver_ = std::make_unique<IndicatorDriver>(std::move(indicator), opt_.gpio,
                                                [inbox = inbox_](ButtonAction a) { inbox->push(button_command(a)); });
}

EdgeControl::~EdgeControl() = default;

void EdgeControl::submit(CommandInbox& inbox, std::string_view payload) {
    if (!inbox.push(parse_command(payload))) log::warn("control", "command queue full; a command was dropped");
}

void EdgeControl::shutdown() { driver_->shutdown(); }

void EdgeControl::handle(const ParsedCommand& p, std::vector<Event>& events) {
    if (!p.command) {
        log::warn("control", "command refused: ", p.error);
        if (hooks_.publish_result) hooks_.publish_result(format_command_result(p.id, std::nullopt, false, p.error));
        return;
    }
    const Command& c = *p.command;
    const bool by_button = c.origin == CommandOrigin::button;
    log::info("control", to_string(c.kind), by_button ? " (button)" : " (mqtt)");
    switch (c.kind) {
    case CommandKind::calibrate:
        if (hooks_.calibrate) hooks_.calibrate(clock_.now_ms());
        if (by_button) driver_->play(*named_pattern("double"));  // "heard you: sit up straight"
        break;
    case CommandKind::snooze:
        events.push_back(policy_.snooze(c.minutes > 0 ? c.minutes : opt_.alert.snooze_minutes));
        driver_->silence();
        if (by_button) driver_->play(*named_pattern("short"));
        break;
    case CommandKind::resume:
        if (auto e = policy_.resume()) events.push_back(*e);
        break;
    case CommandKind::buzz_test:
        driver_->play(buzz_test_pattern());
        break;
    }
    if (!by_button && hooks_.publish_result) hooks_.publish_result(format_command_result(c.id, c.kind, true));
}

std::vector<Event> EdgeControl::tick(const Sample& sample, bool calibrated, bool camera_moved) {
    std::vector<Event> events;
    // Commands first: a snooze that arrived during the last tick silences this one.
    while (auto p = inbox_->pop()) handle(*p, events);

    AlertDecision d = policy_.tick(sample.state);
    events.insert(events.end(), d.events.begin(), d.events.end());
    if (d.signal == AlertSignal::posture) driver_->play(alert_pattern(d.level));
    else if (d.signal == AlertSignal::break_reminder) driver_->play(break_pattern());
    for (const auto& e : d.events) log::info("alert", to_string(e.type), " (", e.value, ")");

    if (!since_ || sample.state != state_) {
        state_ = sample.state;
        since_ = sample.t_ms;
    }
    const auto now = clock_.now_ms();
    auto until = policy_.snoozed_until();
    std::string key = std::string(to_string(state_)) + (calibrated ? "/c/" : "/u/") + std::to_string(until.value_or(0)) +
                      (camera_moved ? "/m" : "");
    if (hooks_.publish_state && throttle_.due(now, key)) {
        DeviceStatus st{opt_.device, sample, *since_, calibrated, until, policy_.quiet_now(), policy_.level(), camera_moved};
        hooks_.publish_state(format_state_json(st, opt_.timezone));
        throttle_.published(now, key);
    }

    // Test-only (gpio.fake_fault, fake backend only): a real exception thrown while
    // the buzzer is on, so tests can watch the unwinding drive it off.
    if (opt_.gpio.fake_fault == "throw_while_buzzing" && driver_->output_on())
        throw std::runtime_error("injected fault while buzzing (gpio.fake_fault = \"throw_while_buzzing\")");
    return events;
}

}  // namespace pg
