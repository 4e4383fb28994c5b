#include "app/clock_gate.hpp"

#include "pg/log.hpp"

#include <sys/timex.h>

#include <ctime>

namespace pg {
namespace {

// No correct clock reads earlier than the day this binary was compiled.
std::int64_t build_floor_ms() {
    static const std::int64_t floor = [] {
        tm t{};
        strptime(__DATE__, "%b %d %Y", &t);
        return static_cast<std::int64_t>(timegm(&t)) * 1000 - 86'400'000;
    }();
    return floor;
}

}  // namespace

bool BuildDateProbe::synchronized() {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 >= build_floor_ms();
}

bool KernelClockProbe::synchronized() {
    timex tx{};
    const int state = ::adjtimex(&tx);
    return state != TIME_ERROR && !(tx.status & STA_UNSYNC) && BuildDateProbe().synchronized();
}

ClockGate::ClockGate(ClockSyncProbe& probe, std::size_t max_held) : probe_(probe), max_held_(max_held) {}

std::int64_t ClockGate::boot_ms_now() {
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

std::vector<TickResult> ClockGate::admit(TickResult tick, std::int64_t boot_ms, std::int64_t wall_ms) {
    std::vector<TickResult> out;
    if (!probe_.synchronized()) {
        if (!warned_) {
            log::warn("clock", "the system clock is not synchronised (no NTP yet?): holding samples until it is");
            warned_ = true;
        }
        held_.push_back({std::move(tick), wall_ms - boot_ms});
        while (held_.size() > max_held_) {
            ++dropped_;
            held_.pop_front();
        }
        return out;
    }
    if (!held_.empty()) {
        // The boot clock ran steadily all along, so the wall clock's step is the
        // change in the offset between the two. Each held tick moves by exactly
        // that step: its own time (the tick's, not the moment it was admitted,
        // which comes later by the analysis) keeps its spacing to the next tick.
        const std::int64_t offset = wall_ms - boot_ms;
        log::info("clock", "clock synchronised: releasing ", held_.size(), " held samples with corrected times");
        for (auto& h : held_) {
            const std::int64_t shift = offset - h.offset_ms;
            h.tick.sample.t_ms += shift;
            for (auto& e : h.tick.events) e.t_ms += shift;
            if (auto r = release(std::move(h.tick))) out.push_back(std::move(*r));
        }
        held_.clear();
        warned_ = false;
    }
    if (auto r = release(std::move(tick))) out.push_back(std::move(*r));
    return out;
}

std::optional<TickResult> ClockGate::release(TickResult tick) {
    if (last_out_ && tick.sample.t_ms <= *last_out_) {
        if (!stepped_back_)
            log::warn("clock", "the clock went back ", (*last_out_ - tick.sample.t_ms) / 1000,
                      " s: dropping samples until it has passed the last one's time again");
        stepped_back_ = true;
        ++dropped_;
        for (auto& e : tick.events) orphans_.push_back(e);
        return std::nullopt;
    }
    if (stepped_back_) log::info("clock", "the clock has passed the last sample's time: samples flow again");
    stepped_back_ = false;
    last_out_ = tick.sample.t_ms;
    for (auto& e : orphans_) tick.events.push_back(e);
    orphans_.clear();
    return tick;
}

std::uint32_t ClockGate::take_dropped() {
    std::uint32_t d = dropped_;
    dropped_ = 0;
    return d;
}

}  // namespace pg
