#pragma once

#include <chrono>
#include <string>

namespace pg {

// The [gpio] table: which backend, which chip and lines, and how they are wired.
// Line offsets are the chip's own numbers (on a Pi: the BCM GPIO numbers); -1 = absent.
struct GpioConfig {
    std::string backend = "none";  // none | gpiod | fake
    std::string chip;              // gpiochip0, /dev/gpiochip4 (1.x also accepts a label)
    int buzzer_line = -1;
    int led_line = -1;
    int button_line = -1;
    bool active_low = false;         // outputs: a low level switches the buzzer/LED on
    bool button_active_low = true;   // button to GND with a pull-up reads low when pressed
    bool button_pull_up = true;      // enable the SoC's internal pull-up on the button line
    std::chrono::milliseconds max_on{2000};      // hard limit on any continuous on-time
    std::chrono::milliseconds debounce{30};
    std::chrono::milliseconds long_press{2000};
    // "double": a double press toggles the pause (a single short press then waits
    // `double_press` to be sure it is single); "none": no button pause.
    std::string pause_gesture = "double";
    std::chrono::milliseconds double_press{350};
    std::string fake_file;   // fake backend: append the timeline here (another process reads it)
    // Test-only fault injection, accepted only with the fake backend:
    // "throw_while_buzzing" makes the main loop throw while an output is on, so a
    // test can check that the exception path drives the outputs off.
    std::string fake_fault;
};

}  // namespace pg
