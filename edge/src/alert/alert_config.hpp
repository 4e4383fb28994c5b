#pragma once

#include <chrono>
#include <string>

namespace pg {

// The [alert] table: when the buzzer speaks. Defaults aim at "nudge, never nag".
struct AlertConfig {
    bool enabled = true;
    std::chrono::milliseconds hold{30000};          // bad posture held this long -> alert
    std::chrono::milliseconds cooldown{300000};     // minimum gap between posture alerts
    int max_level = 3;                              // escalation steps: short, double, escalating
    std::chrono::milliseconds reset_after{60000};   // good posture held this long -> back to level 1
    int snooze_minutes = 30;                        // button / command without "minutes"
    std::string quiet_hours;                        // "22:00-07:00" in device.timezone; "" = none
    std::chrono::milliseconds break_after{3000000}; // 50 min of continuous presence -> break reminder; 0 = off
    std::chrono::milliseconds break_length{300000}; // away this long counts as a break
};

}  // namespace pg
