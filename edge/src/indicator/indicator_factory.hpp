#pragma once

#include "indicator/gpio_config.hpp"
#include "indicator/indicator.hpp"

#include <memory>
#include <string>

namespace pg {

// Builds the backend gpio.backend names. Throws ConfigError for an unknown or
// unbuilt backend and for a gpiod chip this machine does not have.
std::unique_ptr<Indicator> make_indicator(const GpioConfig& config, const std::string& board_file);

// Checks the [gpio] keys that do not need hardware (at config load time).
void validate_gpio_config(const GpioConfig& config);

}  // namespace pg
