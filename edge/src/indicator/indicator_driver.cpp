#include "indicator/indicator_driver.hpp"

#include "pg/log.hpp"

#include <algorithm>
#include <ctime>

namespace pg {
namespace {

// The driver's own time: monotonic, because a beep is measured in real
// milliseconds whatever clock the analysis runs on (a simulation at full speed).
std::int64_t monotonic_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// How often the button is polled when one is wired; presses last >= 50 ms.
constexpr std::int64_t kButtonPollMs = 20;
constexpr std::int64_t kIdleWaitMs = 60000;

}  // namespace

IndicatorDriver::IndicatorDriver(std::unique_ptr<Indicator> indicator, const GpioConfig& config,
                                 ButtonHandler on_button)
    : indicator_(std::move(indicator)), max_on_(config.max_on), on_button_(std::move(on_button)),
      player_(config.max_on), decoder_(config.debounce, config.long_press,
               config.pause_gesture == "double" ? config.double_press : std::chrono::milliseconds(0)) {
    indicator_->all_off();
    thread_ = std::thread([this] { run(); });
}

IndicatorDriver::~IndicatorDriver() { shutdown(); }

void IndicatorDriver::shutdown() {
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
    std::lock_guard lock(mutex_);
    indicator_->all_off();
    on_ = false;
    stopped_ = true;
}

void IndicatorDriver::play(Pattern pattern) {
    log::info("indicator", "playing '", pattern.name, "'");
    {
        std::lock_guard lock(mutex_);
        pending_ = std::move(pattern);
        silence_ = false;
    }
    wake_.notify_all();
}

void IndicatorDriver::silence() {
    {
        std::lock_guard lock(mutex_);
        pending_.reset();
        silence_ = true;
    }
    wake_.notify_all();
}

std::string IndicatorDriver::describe() const { return indicator_->describe(); }

void IndicatorDriver::apply(bool on) {
    if (on == on_.load()) return;
    indicator_->set(Output::buzzer, on);
    if (indicator_->has(Output::led)) indicator_->set(Output::led, on);
    on_ = on;
}

void IndicatorDriver::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        std::int64_t now = monotonic_ms();
        try {
            if (silence_) {
                player_.stop();
                silence_ = false;
            }
            if (pending_) {
                player_.start(std::move(*pending_), now);
                pending_.reset();
                cut_logged_ = false;
            }
            bool on = player_.tick(now);
            // Second line of defence, independent of the pattern logic.
            if (on && on_since_ && now - *on_since_ >= max_on_.count()) {
                on = false;
                player_.stop();
            }
            if (on && !on_.load()) on_since_ = now;
            if (!on) on_since_.reset();
            apply(on);
            if (player_.forced_off() && !cut_logged_) {
                log::warn("indicator", "pattern cut at the maximum on-time (gpio.max_on)");
                cut_logged_ = true;
            }
            if (indicator_->has_button()) {
                for (const auto& e : indicator_->read_button())
                    if (auto a = decoder_.edge(e); a && on_button_) on_button_(*a);
                if (auto a = decoder_.tick(now); a && on_button_) on_button_(*a);
            }
        } catch (const std::exception& e) {
            // A GPIO error must not end the thread silently with the buzzer on.
            log::error("indicator", e.what());
            player_.stop();
            try {
                indicator_->all_off();
            } catch (...) {
            }
            on_ = false;
        }
        std::int64_t until = now + (indicator_->has_button() ? kButtonPollMs : kIdleWaitMs);
        if (auto t = player_.next_change()) until = std::min(until, *t);
        if (on_ && on_since_) until = std::min(until, *on_since_ + max_on_.count());
        std::int64_t wait = std::max<std::int64_t>(until - monotonic_ms(), 0);
        wake_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return stopping_ || pending_ || silence_; });
    }
}

}  // namespace pg
