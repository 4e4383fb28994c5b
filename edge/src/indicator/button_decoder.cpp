#include "indicator/button_decoder.hpp"

#include <algorithm>

namespace pg {

ButtonDecoder::ButtonDecoder(std::chrono::milliseconds debounce, std::chrono::milliseconds long_press,
                             std::chrono::milliseconds double_window)
    : debounce_(debounce.count()), long_press_(long_press.count()), double_window_(double_window.count()) {}

std::optional<ButtonAction> ButtonDecoder::take_queued(std::optional<ButtonAction> next) {
    if (!queued_) return next;
    auto q = queued_;
    queued_ = next;
    return q;
}

std::optional<ButtonAction> ButtonDecoder::edge(const ButtonEdge& e) {
    raw_ = e.pressed;
    if (e.pressed == pressed_) return take_queued(std::nullopt);  // bounced back to the known level
    if (last_edge_ && e.t_ms - *last_edge_ < debounce_) return take_queued(std::nullopt);  // settled by tick()
    return take_queued(accept(e.pressed, e.t_ms));
}

// The first press's short press, and the long press that follows it next.
std::optional<ButtonAction> ButtonDecoder::short_then_long() {
    pending_short_.reset();
    second_press_ = false;
    queued_ = ButtonAction::long_press;
    return ButtonAction::short_press;
}

std::optional<ButtonAction> ButtonDecoder::accept(bool pressed, std::int64_t t_ms) {
    last_edge_ = t_ms;
    pressed_ = pressed;
    if (pressed_) {
        pressed_at_ = t_ms;
        long_fired_ = false;
        second_press_ = false;
        if (!pending_short_) return std::nullopt;
        if (t_ms - *pending_short_ < double_window_) {
            second_press_ = true;  // its release decides: double, or short then long
            return std::nullopt;
        }
        // Too late for a double (tick() did not run in time): the first stands alone.
        pending_short_.reset();
        return ButtonAction::short_press;
    }
    if (long_fired_) return std::nullopt;
    // A release after the threshold whose tick was missed still counts as long.
    if (t_ms - pressed_at_ >= long_press_) return pending_short_ ? short_then_long() : ButtonAction::long_press;
    if (second_press_) {
        second_press_ = false;
        pending_short_.reset();
        return ButtonAction::double_press;
    }
    if (double_window_ > 0) {
        pending_short_ = t_ms;  // a short press, unless a second one follows in time
        return std::nullopt;
    }
    return ButtonAction::short_press;
}

std::optional<ButtonAction> ButtonDecoder::tick(std::int64_t now_ms) {
    if (queued_) return take_queued(std::nullopt);
    if (raw_ != pressed_ && last_edge_ && now_ms - *last_edge_ >= debounce_) {
        if (auto a = accept(raw_, now_ms)) return a;
    }
    if (pressed_ && !long_fired_ && now_ms - pressed_at_ >= long_press_) {
        long_fired_ = true;
        return pending_short_ ? short_then_long() : ButtonAction::long_press;
    }
    if (pending_short_ && !pressed_ && now_ms - *pending_short_ >= double_window_) {
        pending_short_.reset();
        return ButtonAction::short_press;
    }
    return std::nullopt;
}

std::optional<std::int64_t> ButtonDecoder::next_deadline() const {
    std::optional<std::int64_t> t;
    auto earliest = [&t](std::int64_t v) { t = t ? std::min(*t, v) : v; };
    if (queued_ && last_edge_) earliest(*last_edge_);
    if (raw_ != pressed_ && last_edge_) earliest(*last_edge_ + debounce_);
    if (pressed_ && !long_fired_) earliest(pressed_at_ + long_press_);
    if (pending_short_ && !pressed_) earliest(*pending_short_ + double_window_);
    return t;
}

}  // namespace pg
