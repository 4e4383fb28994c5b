#pragma once

#include "vision/posture_tracker.hpp"

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

namespace pg {

// Is the wall clock trustworthy yet? A Pi has no real-time clock: until NTP
// has synchronised it, it may boot into last week.
class ClockSyncProbe {
public:
    virtual ~ClockSyncProbe() = default;
    virtual bool synchronized() = 0;
};

// No correct clock reads a time before this program was built: a Pi without a
// real-time clock boots into 1970 (or the last shutdown), NTP or not.
class BuildDateProbe final : public ClockSyncProbe {
public:
    bool synchronized() override;
};

// The kernel's NTP status (adjtimex: STA_UNSYNC / TIME_ERROR; stepping the clock
// sets STA_UNSYNC until the NTP daemon confirms it), and the build date.
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
//
// Sample times only ever increase: after the clock was stepped back while
// trusted, a sample at or before one already let through would be a second
// sample for the same moment (the earlier one stamped by the wrong clock is
// out already). Those are dropped and counted until the clock has passed the
// last time again; their events are kept and go with the next sample.
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
    // Lets a tick through unless its time does not move forward.
    std::optional<TickResult> release(TickResult tick);

    std::deque<Held> held_;
    std::uint32_t dropped_ = 0;
    bool warned_ = false;
    std::optional<std::int64_t> last_out_;  // time of the last sample let through
    std::vector<Event> orphans_;            // events of samples dropped for overlap
    bool stepped_back_ = false;
};

}  // namespace pg
