#pragma once

// Replays a posture timeline through an AlertPolicy on a ManualClock, one tick per
// second: hours of desk time in milliseconds, with every event's exact time.
#include "alert/alert_policy.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace pg::test {

using namespace std::chrono_literals;

// 2025-03-10 08:00:00 UTC, a Monday.
inline constexpr std::int64_t kT0 = 1741593600000;

struct Seen {
    std::int64_t s;  // seconds after kT0
    EventType type;
    int value;
    bool operator==(const Seen&) const = default;
};

inline std::ostream& operator<<(std::ostream& os, const Seen& e) {
    return os << "{" << e.s << "s " << to_string(e.type) << " " << e.value << "}";
}

class Replay {
public:
    explicit Replay(AlertConfig cfg = {}, std::string zone = "UTC", std::int64_t t0 = kT0)
        : clock_(t0), t0_(t0), policy_(cfg, QuietHours(cfg.quiet_hours, zone), clock_, 1s) {}

    // Holds `state` for `d`, one tick per second; `at` runs before the tick at that second.
    Replay& hold(PostureState state, std::chrono::seconds d) {
        for (std::int64_t i = 0; i < d.count(); ++i) step(state);
        return *this;
    }
    Replay& good(std::chrono::seconds d) { return hold(PostureState::good, d); }
    Replay& slouch(std::chrono::seconds d) { return hold(PostureState::slouch, d); }
    Replay& away(std::chrono::seconds d) { return hold(PostureState::away, d); }
    Replay& snooze(int minutes) {
        record(policy_.snooze(minutes));
        return *this;
    }
    Replay& resume() {
        if (auto e = policy_.resume()) record(*e);
        return *this;
    }

    std::int64_t now_s() const { return (clock_.now_ms() - t0_) / 1000; }
    const std::vector<Seen>& events() const { return events_; }
    std::vector<Seen> of(EventType type) const {
        std::vector<Seen> out;
        for (const auto& e : events_)
            if (e.type == type) out.push_back(e);
        return out;
    }
    std::vector<AlertSignal> signals() const { return signals_; }
    AlertPolicy& policy() { return policy_; }
    std::int64_t ticks() const { return ticks_; }

private:
    void step(PostureState state) {
        auto d = policy_.tick(state);
        for (const auto& e : d.events) record(e);
        if (d.signal) signals_.push_back(*d.signal);
        ++ticks_;
        clock_.advance_ms(1000);
    }
    void record(const Event& e) { events_.push_back({(e.t_ms - t0_) / 1000, e.type, e.value}); }

    ManualClock clock_;
    std::int64_t t0_;
    AlertPolicy policy_;
    std::vector<Seen> events_;
    std::vector<AlertSignal> signals_;
    std::int64_t ticks_ = 0;
};

}  // namespace pg::test
