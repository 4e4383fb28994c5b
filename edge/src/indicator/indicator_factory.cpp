#include "indicator/indicator_factory.hpp"

#include "indicator/fake_indicator.hpp"
#include "indicator/none_indicator.hpp"
#include "pg/errors.hpp"

#ifdef PG_HAVE_GPIOD
#include "indicator/gpiod_indicator.hpp"
#endif

namespace pg {

void validate_gpio_config(const GpioConfig& c) {
    if (c.backend != "none" && c.backend != "gpiod" && c.backend != "fake")
        throw ConfigError("gpio.backend '" + c.backend + "' is not one of none, gpiod, fake");
    if (!c.fake_fault.empty() && c.fake_fault != "throw_while_buzzing")
        throw ConfigError("gpio.fake_fault '" + c.fake_fault + "' is not 'throw_while_buzzing'");
    if (!c.fake_fault.empty() && c.backend != "fake")
        throw ConfigError("gpio.fake_fault is a test hook: it needs gpio.backend = \"fake\"");
    if (c.max_on.count() < 50 || c.max_on.count() > 10000)
        throw ConfigError("gpio.max_on must be between 50ms and 10s");
    if (c.debounce.count() > 500) throw ConfigError("gpio.debounce must be at most 500ms");
    if (c.long_press <= c.debounce) throw ConfigError("gpio.long_press must be longer than gpio.debounce");
    if (c.pause_gesture != "double" && c.pause_gesture != "none")
        throw ConfigError("gpio.pause_gesture '" + c.pause_gesture + "' is not one of double, none");
    if (c.double_press.count() < 100 || c.double_press.count() > 1000 || c.double_press <= c.debounce)
        throw ConfigError("gpio.double_press must be between 100ms and 1s, and longer than gpio.debounce");
}

std::unique_ptr<Indicator> make_indicator(const GpioConfig& c, const std::string& board_file) {
    validate_gpio_config(c);
    if (c.backend == "fake") return std::make_unique<FakeIndicator>(std::make_shared<FakeTimeline>(), c.fake_file);
    if (c.backend == "gpiod") {
#ifdef PG_HAVE_GPIOD
        return std::make_unique<GpiodIndicator>(c, board_file);
#else
        throw ConfigError("gpio.backend = \"gpiod\", but this pg-edge was built without libgpiod (" +
                          (board_file.empty() ? std::string("your config") : "board file " + board_file) +
                          "); install libgpiod-dev and rebuild, or set gpio.backend = \"none\"");
#endif
    }
    return std::make_unique<NoneIndicator>();
}

}  // namespace pg
