#include "indicator/button_decoder.hpp"

#include <algorithm>

namespace pg {

ButtonDecoder::ButtonDecoder(std::chrono::milliseconds debounce, std::chrono::milliseconds long_press)
    : debounce_(debounce.count()), long_press_(long_press.count()) {}

std::optional<ButtonAction> ButtonDecoder::edge(const ButtonEdge& e) {
    raw_ = e.pressed;
    if (e.pressed == pressed_) return std::nullopt;  // bounced back to the known level
    if (last_edge_ && e.t_ms - *last_edge_ < debounce_) return std::nullopt;  // settled by tick()
    return accept(e.pressed, e.t_ms);
}

std::optional<ButtonAction> ButtonDecoder::accept(bool pressed, std::int64_t t_ms) {
    last_edge_ = t_ms;
    pressed_ = pressed;
    if (pressed_) {
        pressed_at_ = t_ms;
        long_fired_ = false;
        return std::nullopt;
    }
    if (long_fired_) return std::nullopt;
    // A release after the threshold whose tick was missed still counts as long.
    return t_ms - pressed_at_ >= long_press_ ? ButtonAction::long_press : ButtonAction::short_press;
}

std::optional<ButtonAction> ButtonDecoder::tick(std::int64_t now_ms) {
    if (raw_ != pressed_ && last_edge_ && now_ms - *last_edge_ >= debounce_) {
        if (auto a = accept(raw_, now_ms)) return a;
    }
    if (pressed_ && !long_fired_ && now_ms - pressed_at_ >= long_press_) {
        long_fired_ = true;
        return ButtonAction::long_press;
    }
    return std::nullopt;
}

std::optional<std::int64_t> ButtonDecoder::next_deadline() const {
    std::optional<std::int64_t> t;
    if (raw_ != pressed_ && last_edge_) t = *last_edge_ + debounce_;
    if (pressed_ && !long_fired_) t = t ? std::min(*t, pressed_at_ + long_press_) : pressed_at_ + long_press_;
    return t;
}

}  // namespace pg
