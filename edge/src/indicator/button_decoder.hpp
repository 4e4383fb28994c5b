#pragma once

#include "indicator/indicator.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

namespace pg {

enum class ButtonAction { short_press, long_press };

// Turns raw button edges into presses. Contact bounce: an edge closer than
// `debounce` to the last accepted one is held back, and the level the contact
// settled on is taken once `debounce` has passed (tick), so a bounce can neither
// double a press nor leave the button "stuck down". A long press fires while the
// button is still held (tick), so the user hears it took; its release is silent.
class ButtonDecoder {
public:
    ButtonDecoder(std::chrono::milliseconds debounce, std::chrono::milliseconds long_press);

    std::optional<ButtonAction> edge(const ButtonEdge& e);
    std::optional<ButtonAction> tick(std::int64_t now_ms);
    // When tick() must run next (settling a bounce, a long press); nullopt if idle.
    std::optional<std::int64_t> next_deadline() const;

private:
    std::optional<ButtonAction> accept(bool pressed, std::int64_t t_ms);

    std::int64_t debounce_;
    std::int64_t long_press_;
    bool pressed_ = false;  // the debounced level
    bool raw_ = false;      // the level of the latest edge, accepted or not
    bool long_fired_ = false;
    std::int64_t pressed_at_ = 0;
    std::optional<std::int64_t> last_edge_;
};

}  // namespace pg
