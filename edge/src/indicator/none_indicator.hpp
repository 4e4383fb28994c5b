#pragma once

#include "indicator/indicator.hpp"

namespace pg {

// For boards without a buzzer (and the simulation): every change is logged.
class NoneIndicator final : public Indicator {
public:
    void set(Output output, bool on) override;
    void all_off() override;
    bool has(Output) const override { return true; }
    bool has_button() const override { return false; }
    std::vector<ButtonEdge> read_button() override { return {}; }
    std::string describe() const override { return "no GPIO (alerts are logged)"; }
};

}  // namespace pg
