#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace pg {

enum class Output { buzzer, led };

// One debounced-or-not change of the button, in logical terms (pressed = true,
// whatever the wiring's polarity), stamped in CLOCK_MONOTONIC milliseconds.
struct ButtonEdge {
    std::int64_t t_ms = 0;
    bool pressed = false;
};

// The device's voice and ears: a buzzer, an optional LED, an optional button.
// Backends: gpiod (real lines), none (logs), fake (records a timeline for tests).
// Every backend drives its outputs off in its destructor, whatever the exit path.
class Indicator {
public:
    virtual ~Indicator() = default;

    virtual void set(Output output, bool on) = 0;
    // Drives every output off. Called on every exit path before release.
    virtual void all_off() = 0;
    virtual bool has(Output output) const = 0;
    virtual bool has_button() const = 0;
    // Non-blocking: the button edges seen since the last call, oldest first.
    virtual std::vector<ButtonEdge> read_button() = 0;
    virtual std::string describe() const = 0;
};

}  // namespace pg
