#pragma once

#include "indicator/button_decoder.hpp"
#include "indicator/gpio_config.hpp"
#include "indicator/indicator.hpp"
#include "indicator/pattern_player.hpp"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace pg {

// Owns the Indicator and plays patterns on a small timer thread of its own, so the
// analysis loop never sleeps for a beep. It also polls the button and reports
// decoded presses through `on_button` (called on the timer thread: keep it tiny).
// Stopping — shutdown() or the destructor, on every exit path — drives every
// output off before the indicator is released.
class IndicatorDriver {
public:
    using ButtonHandler = std::function<void(ButtonAction)>;

    IndicatorDriver(std::unique_ptr<Indicator> indicator, const GpioConfig& config, ButtonHandler on_button = {});
    ~IndicatorDriver();
    IndicatorDriver(const IndicatorDriver&) = delete;
    IndicatorDriver& operator=(const IndicatorDriver&) = delete;

    // Replaces whatever is playing. Returns at once.
    void play(Pattern pattern);
    void silence();
    // Stops the thread and drives the outputs off; idempotent.
    void shutdown();
    // An output is on right now (read by the main loop; also the fault hook).
    bool output_on() const { return on_.load(); }
    std::string describe() const;

private:
    void run();
    void apply(bool on);

    std::unique_ptr<Indicator> indicator_;
    std::chrono::milliseconds max_on_;
    ButtonHandler on_button_;
    PatternPlayer player_;
    ButtonDecoder decoder_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<Pattern> pending_;
    bool silence_ = false;
    bool stopping_ = false;
    bool stopped_ = false;
    bool cut_logged_ = false;
    std::atomic<bool> on_{false};
    std::optional<std::int64_t> on_since_;
    std::thread thread_;  // last: starts once everything above exists
};

}  // namespace pg
