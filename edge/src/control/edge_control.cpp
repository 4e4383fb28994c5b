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
    c.kind = a == ButtonAction::short_press  ? CommandKind::snooze
             : a == ButtonAction::long_press ? CommandKind::calibrate
                                             : CommandKind::pause_toggle;
    c.origin = CommandOrigin::button;
    ParsedCommand p;
    p.command = c;
    return p;
}

std::string_view origin_name(CommandOrigin o) {
    return o == CommandOrigin::button ? " (button)" : o == CommandOrigin::local ? " (local)" : " (mqtt)";
}

}  // namespace

EdgeControl::EdgeControl(ControlOptions options, std::unique_ptr<Indicator> indicator, const Clock& clock,
                         ControlHooks hooks)
    : opt_(std::move(options)), clock_(clock), hooks_(std::move(hooks)), inbox_(std::make_shared<CommandInbox>()),
      zone_(opt_.timezone), pause_(MonitoringSchedule(opt_.schedule, opt_.timezone)),
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

void EdgeControl::reconfigure(const AlertConfig& alert, const std::string& schedule) {
    MonitoringSchedule next(schedule, opt_.timezone);  // both validated before either changes
    QuietHours quiet(alert.quiet_hours, opt_.timezone);
    policy_.reconfigure(alert, std::move(quiet));
    pause_.set_schedule(std::move(next));
    opt_.alert = alert;
    opt_.schedule = schedule;
}

std::int64_t EdgeControl::until_ms(const Until& u) const {
    const auto now = clock_.now_ms();
    if (!u.tomorrow) return zone_.next_time_of_day(now, u.minute);
    // Tomorrow: the first monitoring of a later day, or its midnight.
    const auto midnight = zone_.next_midnight(now);
    return pause_.schedule().next_start(midnight - 1).value_or(midnight);
}

DeviceStatus EdgeControl::status_now() const {
    const auto now = clock_.now_ms();
    Sample s = last_sample_;
    if (!since_) s.t_ms = now;  // nothing ticked yet
    return DeviceStatus{opt_.device, s, since_.value_or(now), calibrated_, policy_.snoozed_until(),
                        pause_.status(now), policy_.quiet_now(), policy_.level(), camera_moved_};
}

nlohmann::ordered_json EdgeControl::apply(const Command& c) {
    const bool by_button = c.origin == CommandOrigin::button;
    const auto now = clock_.now_ms();
    nlohmann::ordered_json extra = nlohmann::ordered_json::object();
    auto iso = [this](std::optional<std::int64_t> t) {
        return t ? nlohmann::ordered_json(iso8601(*t, opt_.timezone)) : nlohmann::ordered_json(nullptr);
    };
    switch (c.kind) {
    case CommandKind::calibrate:
        // The camera is off while paused: nothing to calibrate from.
        if (pause_.status(now).paused) throw std::invalid_argument("monitoring is paused: resume first, then calibrate");
        if (hooks_.calibrate) hooks_.calibrate(now);
        if (by_button) driver_->play(*named_pattern("double"));  // "heard you: sit up straight"
        break;
    case CommandKind::snooze:
        pending_.push_back(c.until ? policy_.snooze_until(until_ms(*c.until))
                                   : policy_.snooze(c.minutes > 0 ? c.minutes : opt_.alert.snooze_minutes));
        driver_->silence();
        if (by_button) driver_->play(*named_pattern("short"));
        extra["snoozed_until"] = iso(policy_.snoozed_until());
        break;
    case CommandKind::pause_toggle:
        if (pause_.user_paused()) {
            pause_.resume();
            driver_->play(*named_pattern("short"));
            break;
        }
        [[fallthrough]];
    case CommandKind::pause: {
        std::optional<std::int64_t> until;
        if (c.until) until = until_ms(*c.until);
        else if (c.minutes > 0) until = now + static_cast<std::int64_t>(c.minutes) * 60'000;
        pause_.pause(until, by_button ? PauseCause::button : PauseCause::command);
        driver_->silence();
        if (by_button) driver_->play(*named_pattern("double"));
        extra["paused_until"] = iso(pause_.status(now).until);
        break;
    }
    case CommandKind::resume: {
        pause_.resume();
        if (auto e = policy_.resume()) pending_.push_back(*e);
        // Outside the schedule the device stays paused: say so.
        if (auto st = pause_.status(now); st.paused) {
            extra["paused_by"] = to_string(*st.by);
            extra["paused_until"] = iso(st.until);
        }
        break;
    }
    case CommandKind::buzz_test:
        driver_->play(buzz_test_pattern());
        break;
    case CommandKind::status: {
        extra["status"] = nlohmann::ordered_json::parse(format_state_json(status_now(), opt_.timezone));
        extra["analyzer"] = opt_.analyzer;
        break;
    }
    }
    return extra;
}

void EdgeControl::answer(const ParsedCommand& p, const std::string& json) {
    if (p.reply) p.reply(json);
    else if (hooks_.publish_result && (!p.command || p.command->origin == CommandOrigin::mqtt))
        hooks_.publish_result(json);
}

void EdgeControl::handle(const ParsedCommand& p) {
    auto answer = [&](const std::string& json) { this->answer(p, json); };
    // Status describes the tick that follows the commands before it (a resume
    // just handled must not read as paused): answered at the end of tick().
    if (p.command && p.command->kind == CommandKind::status) {
        deferred_.push_back(p);
        return;
    }
    if (!p.command) {
        log::warn("control", "command refused: ", p.error);
        answer(format_command_result(p.id, std::nullopt, false, p.error));
        return;
    }
    const Command& c = *p.command;
    log::info("control", to_string(c.kind), origin_name(c.origin));
    try {
        answer(format_command_success(c.id, c.kind, apply(c)));
    } catch (const std::invalid_argument& e) {
        log::warn("control", to_string(c.kind), " refused: ", e.what());
        answer(format_command_result(c.id, c.kind, false, e.what()));
    }
}

PauseStatus EdgeControl::poll() {
    while (auto p = inbox_->pop()) handle(*p);
    const auto now = clock_.now_ms();
    if (pause_.expire(now)) log::info("control", "the timed pause is over");
    return pause_.status(now);
}

std::vector<Event> EdgeControl::tick(const Sample& sample, bool calibrated, bool camera_moved) {
    // Commands first: a snooze that arrived during the last tick silences this one.
    while (auto p = inbox_->pop()) handle(*p);
    std::vector<Event> events;
    events.swap(pending_);

    AlertDecision d = policy_.tick(sample.state);
    events.insert(events.end(), d.events.begin(), d.events.end());
    if (d.signal == AlertSignal::posture) driver_->play(alert_pattern(d.level));
    else if (d.signal == AlertSignal::break_reminder) driver_->play(break_pattern());
    for (const auto& e : d.events) log::info("alert", to_string(e.type), " (", e.value, ")");

    if (!since_ || sample.state != state_) {
        state_ = sample.state;
        since_ = sample.t_ms;
    }
    last_sample_ = sample;
    calibrated_ = calibrated;
    camera_moved_ = camera_moved;
    const auto now = clock_.now_ms();
    const DeviceStatus st = status_now();
    std::string key = std::string(to_string(state_)) + (calibrated ? "/c/" : "/u/") +
                      std::to_string(st.snoozed_until_ms.value_or(0)) + "/" +
                      (st.pause.by ? std::string(to_string(*st.pause.by)) : "-") + "/" +
                      std::to_string(st.pause.until.value_or(0)) + (camera_moved ? "/m" : "");
    if (hooks_.publish_state && throttle_.due(now, key)) {
        hooks_.publish_state(format_state_json(st, opt_.timezone));
        throttle_.published(now, key);
    }

    for (const auto& p : deferred_) answer(p, format_command_success(p.command->id, CommandKind::status, apply(*p.command)));
    deferred_.clear();

    // Test-only (gpio.fake_fault, fake backend only): a real exception thrown while
    // the buzzer is on, so tests can watch the unwinding drive it off.
    if (opt_.gpio.fake_fault == "throw_while_buzzing" && driver_->output_on())
        throw std::runtime_error("injected fault while buzzing (gpio.fake_fault = \"throw_while_buzzing\")");
    return events;
}

}  // namespace pg
