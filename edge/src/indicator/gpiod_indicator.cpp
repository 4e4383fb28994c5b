#include "indicator/gpiod_indicator.hpp"

#include "pg/errors.hpp"
#include "pg/log.hpp"

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <system_error>

namespace pg {
namespace {

std::int64_t monotonic_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

std::string board_hint(const std::string& board_file) {
    return board_file.empty() ? std::string("no --board given; set gpio.chip in your config")
                              : "board file " + board_file;
}

}  // namespace

GpiodIndicator::GpiodIndicator(const GpioConfig& c, const std::string& board_file) {
    if (c.chip.empty())
        throw ConfigError("gpio.backend = \"gpiod\" needs gpio.chip (" + board_hint(board_file) + ")");
    if (c.buzzer_line < 0)
        throw ConfigError("gpio.backend = \"gpiod\" needs gpio.buzzer_line (" + board_hint(board_file) + ")");
    std::vector<LineSpec> specs;
    auto add = [&](int offset, bool output, std::optional<std::size_t>& index) {
        if (offset < 0) return;
        index = specs.size();
        specs.push_back({static_cast<unsigned>(offset), output, output ? c.active_low : c.button_active_low,
                         !output && c.button_pull_up});
    };
    add(c.buzzer_line, true, buzzer_);
    add(c.led_line, true, led_);
    add(c.button_line, false, button_);
    try {
        lines_ = open_gpio_lines(c.chip, specs, kGpioConsumer);
    } catch (const std::system_error& e) {
        // The one routine setup failure: a board file naming a chip this machine lacks.
        if (e.code() == std::errc::no_such_file_or_directory || e.code() == std::errc::no_such_device)
            throw ConfigError("GPIO chip '" + c.chip + "' not found (" + board_hint(board_file) +
                              "); list the chips with `gpiodetect`, or set gpio.backend = \"none\"");
        throw std::system_error(e.code(), "GPIO chip '" + c.chip + "' (" + board_hint(board_file) + ")");
    }
    description_ = "GPIO " + c.chip + " (" + gpiod_api_name() + "): buzzer line " + std::to_string(c.buzzer_line) +
                   (led_ ? ", LED line " + std::to_string(c.led_line) : std::string()) +
                   (button_ ? ", button line " + std::to_string(c.button_line) : std::string()) +
                   (c.active_low ? ", active low" : "");
}

GpiodIndicator::~GpiodIndicator() {
    all_off();
    // lines_ then drives outputs inactive once more and releases them.
}

void GpiodIndicator::set(Output output, bool on) {
    const auto& index = output == Output::buzzer ? buzzer_ : led_;
    if (index) lines_->set(*index, on);
}

void GpiodIndicator::all_off() {
    for (const auto* index : {&buzzer_, &led_}) {
        if (!*index) continue;
        try {
            lines_->set(**index, false);
        } catch (const std::exception& e) {
            // Exit paths must not throw; the release that follows still resets the line.
            log::error("indicator", "cannot drive an output off: ", e.what());
        }
    }
}

bool GpiodIndicator::has(Output output) const { return (output == Output::buzzer ? buzzer_ : led_).has_value(); }

std::vector<ButtonEdge> GpiodIndicator::read_button() {
    std::vector<ButtonEdge> out;
    if (!button_) return out;
    auto now = monotonic_ms();
    for (const auto& e : lines_->read_edges()) {
        if (e.line != *button_) continue;
        auto t = e.t_ns / 1000000;
        // Kernels before 5.7 stamp v1 events with CLOCK_REALTIME: fall back to "now".
        if (std::llabs(t - now) > 1000) t = now;
        out.push_back({t, e.rising});
    }
    return out;
}

}  // namespace pg
