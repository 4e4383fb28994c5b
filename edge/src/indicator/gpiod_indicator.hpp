#pragma once

#include "indicator/gpio_config.hpp"
#include "indicator/gpio_lines.hpp"
#include "indicator/indicator.hpp"

#include <memory>
#include <optional>
#include <string>

namespace pg {

// Buzzer, LED and button on real GPIO lines through libgpiod (consumer name
// "postureguard"). `board_file` only goes into error messages, so a user whose
// chip is missing knows which file to fix.
class GpiodIndicator final : public Indicator {
public:
    GpiodIndicator(const GpioConfig& config, const std::string& board_file);
    ~GpiodIndicator() override;
    GpiodIndicator(const GpiodIndicator&) = delete;
    GpiodIndicator& operator=(const GpiodIndicator&) = delete;

    void set(Output output, bool on) override;
    void all_off() override;
    bool has(Output output) const override;
    bool has_button() const override { return button_.has_value(); }
    std::vector<ButtonEdge> read_button() override;
    std::string describe() const override { return description_; }

private:
    std::unique_ptr<GpioLines> lines_;
    std::optional<std::size_t> buzzer_, led_, button_;  // indices into the request
    std::string description_;
};

inline constexpr const char* kGpioConsumer = "postureguard";

}  // namespace pg
