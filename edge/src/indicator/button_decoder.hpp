#pragma once

#include "indicator/indicator.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

namespace pg {

enum class ButtonAction { short_press, long_press, double_press };

// Turns raw button edges into presses. Contact bounce: an edge closer than
// `debounce` to the last accepted one is held back, and the level the contact
// settled on is taken once `debounce` has passed (tick), so a bounce can neither
// double a press nor leave the button "stuck down". A long press fires while the
// button is still held (tick), so the user hears it took; its release is silent.
//
// With a `double_window` (0 = off), a second short press that begins within that
// window after the first one's release makes one double press; a single short
// press is then reported only once the window has passed without a second one
// (tick), which is the price of telling them apart: keep the window small. A
// second press held long is the first's short press and then a long press.
class ButtonDecoder {
public:
    ButtonDecoder(std::chrono::milliseconds debounce, std::chrono::milliseconds long_press,
                  std::chrono::milliseconds double_window = std::chrono::milliseconds(0));

    std::optional<ButtonAction> edge(const ButtonEdge& e);
    std::optional<ButtonAction> tick(std::int64_t now_ms);
    // When tick() must run next (settling a bounce, a long press); nullopt if idle.
    std::optional<std::int64_t> next_deadline() const;

private:
    std::optional<ButtonAction> accept(bool pressed, std::int64_t t_ms);
    std::optional<ButtonAction> short_then_long();
    // Hands out an action held back for the next call first (FIFO of two).
    std::optional<ButtonAction> take_queued(std::optional<ButtonAction> next);

    std::int64_t debounce_;
    std::int64_t long_press_;
    std::int64_t double_window_;
    std::optional<std::int64_t> pending_short_;  // release time of a short press that may become a double
    bool second_press_ = false;                  // the held press began inside the double window
    std::optional<ButtonAction> queued_;         // the long press after a short one, for the next call
    bool pressed_ = false;  // the debounced level
    bool raw_ = false;      // the level of the latest edge, accepted or not
    bool long_fired_ = false;
    std::int64_t pressed_at_ = 0;
    std::optional<std::int64_t> last_edge_;
};

}  // namespace pg
