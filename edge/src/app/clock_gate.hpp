#pragma once

#include "vision/posture_tracker.hpp"

#include <cstdint>
#include <deque>
#include <vector>

namespace pg {

// Is the wall clock trustworthy yet? A Pi has no real-time clock: until NTP
// has synchronised it, it may boot into last week.
class ClockSyncProbe {
public:
    virtual ~ClockSyncProbe() = default;
    virtual bool synchronized() = 0;
};

// The kernel's NTP status (adjtimex: STA_UNSYNC / TIME_ERROR), and never a time
// before this program was built.
class KernelClockProbe final : public ClockSyncProbe {
public:
    bool synchronized() override;
};

class AlwaysSynchronized final : public ClockSyncProbe {
public:
    bool synchronized() override { return true; }
};

// Holds analysed ticks while the clock is unsynchronised, stamped with the
// monotonic boot clock, and releases them restamped with the true wall time once
// the clock is synchronised: no day in the marts gets samples from a wrong clock.
// Bounded: beyond `max_held` ticks the oldest are dropped and counted.
class ClockGate {
public:
    ClockGate(ClockSyncProbe& probe, std::size_t max_held);

    // `boot_ms` is CLOCK_BOOTTIME and `wall_ms` the wall clock, both read at this
    // tick. Returns the ticks that may be batched now, oldest first.
    std::vector<TickResult> admit(TickResult tick, std::int64_t boot_ms, std::int64_t wall_ms);
    bool holding() const { return !held_.empty(); }
    std::size_t held() const { return held_.size(); }
    // Samples dropped since the last call (reported in the next batch).
    std::uint32_t take_dropped();

    static std::int64_t boot_ms_now();

private:
    struct Held {
        TickResult tick;
        std::int64_t offset_ms;  // wall minus boot clock when it was held
    };
    ClockSyncProbe& probe_;
    std::size_t max_held_;
    std::deque<Held> held_;
    std::uint32_t dropped_ = 0;
    bool warned_ = false;
};

}  // namespace pg
