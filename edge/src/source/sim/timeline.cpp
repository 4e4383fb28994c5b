#include "source/sim/timeline.hpp"

#include "source/sim/random.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

namespace pg::sim {
namespace {

Pose lerp(const Pose& a, const Pose& b, double u) {
    Pose p;
    p.present = b.present;
    p.scale = a.scale + (b.scale - a.scale) * u;
    p.drop = a.drop + (b.drop - a.drop) * u;
    p.shift = a.shift + (b.shift - a.shift) * u;
    p.yaw = a.yaw + (b.yaw - a.yaw) * u;
    p.pitch = a.pitch + (b.pitch - a.pitch) * u;
    p.roll = a.roll + (b.roll - a.roll) * u;
    p.talk = a.talk + (b.talk - a.talk) * u;
    p.jaw = a.jaw + (b.jaw - a.jaw) * u;
    p.hand = a.hand + (b.hand - a.hand) * u;
    p.light = a.light + (b.light - a.light) * u;
    p.noise = a.noise + (b.noise - a.noise) * u;
    // Nobody behind at either end: nobody in between (no one walks in from -1).
    p.passer = (a.passer < -0.5 || b.passer < -0.5) ? b.passer : a.passer + (b.passer - a.passer) * u;
    return p;
}

double progress(const Segment& s, std::int64_t t_ms) {
    if (s.end_ms <= s.begin_ms) return 1.0;
    return std::clamp(static_cast<double>(t_ms - s.begin_ms) / static_cast<double>(s.end_ms - s.begin_ms), 0.0, 1.0);
}

}  // namespace

Timeline::Timeline(std::vector<Day> days, std::vector<std::int64_t> calibrate_presses,
                   std::uint64_t sway_seed)
    : days_(std::move(days)), presses_(std::move(calibrate_presses)) {
    if (days_.empty()) throw std::invalid_argument("a simulated timeline needs at least one day");
    std::sort(presses_.begin(), presses_.end());
    Random r = Random::stream(sway_seed, 0x5a7);
    for (double& p : phase_) p = r.uniform(0.0, 2.0 * std::numbers::pi);
}

Timeline::Where Timeline::find(std::int64_t t_ms) const {
    auto day = std::upper_bound(days_.begin(), days_.end(), t_ms,
                                [](std::int64_t t, const Day& d) { return t < d.end_ms; });
    if (day == days_.end() || t_ms < day->begin_ms) return {};
    auto seg = std::upper_bound(day->segments.begin(), day->segments.end(), t_ms,
                                [](std::int64_t t, const Segment& s) { return t < s.end_ms; });
    if (seg == day->segments.end()) return {};
    return {&*day, static_cast<std::size_t>(seg - day->segments.begin())};
}

PostureState Timeline::state_at(std::int64_t t_ms) const {
    Where w = find(t_ms);
    return w.day ? w.day->segments[w.index].state : PostureState::away;
}

Pose Timeline::pose_at(std::int64_t t_ms) const {
    Where w = find(t_ms);
    if (!w.day) return Pose::nobody();
    const Segment& s = w.day->segments[w.index];
    Pose p = lerp(s.from, s.to, progress(s, t_ms));
    if (!p.present) {
        // The room keeps its light and sensor while the desk is empty.
        Pose empty = Pose::nobody();
        empty.light = p.light;
        empty.noise = p.noise;
        empty.passer = p.passer;
        return empty;
    }
    std::int64_t since = t_ms - s.begin_ms;
    if (w.index > 0 && since < s.ramp_ms) {
        const Segment& prev = w.day->segments[w.index - 1];
        if (prev.to.present) {
            double u = static_cast<double>(since) / static_cast<double>(s.ramp_ms);
            p = lerp(prev.to, p, u * u * (3.0 - 2.0 * u));
        }
    }
    Pose s2 = sway(t_ms, p.talk);
    p.scale *= s2.scale;
    p.drop += s2.drop;
    p.shift += s2.shift;
    p.pitch += s2.pitch;
    p.yaw += s2.yaw;
    p.roll += s2.roll;
    p.jaw += s2.jaw;
    return p;
}

// A few incommensurate sines: small (scale within +-2 %, the head within a
// degree or so), smooth, and the same at any cadence because they depend on t
// alone. Talking adds the quicker head movements of conversation: a few
// degrees of nodding, turning and tilting, never held.
Pose Timeline::sway(std::int64_t t_ms, double talk) const {
    const double t = static_cast<double>(t_ms % 86'400'000) / 1000.0;
    const double two_pi = 2.0 * std::numbers::pi;
    auto wave = [&](double amplitude, double period_s, int phase) {
        return amplitude * std::sin(two_pi * t / period_s + phase_[phase]);
    };
    Pose p;
    p.scale = 1.0 + wave(0.012, 47.0, 0) + wave(0.007, 11.3, 1);
    p.drop = wave(0.035, 29.0, 2);
    p.shift = wave(0.05, 37.0, 3);
    p.pitch = wave(0.8, 23.0, 4);
    p.yaw = wave(1.2, 31.0, 5);
    p.roll = wave(0.7, 19.0, 6);
    if (talk > 0.0) {
        p.pitch += talk * (wave(2.5, 1.3, 7) + wave(1.5, 2.9, 8));
        p.yaw += talk * (wave(3.0, 3.7, 9) + wave(2.0, 1.9, 10));
        p.roll += talk * (wave(2.0, 2.3, 11) + wave(1.0, 4.1, 12));
        // Syllables (~4 a second) in phrases: the jaw opens up to ~8 degrees
        // (about a centimetre at the lips).
        p.jaw = talk * std::max(0.0, wave(8.0, 0.27, 13)) * (0.6 + wave(0.4, 1.7, 14));
    }
    return p;
}

std::int64_t Timeline::next_tick_ms(std::int64_t proposed_ms) const {
    for (const Day& d : days_) {
        if (proposed_ms < d.begin_ms) return d.begin_ms;
        if (proposed_ms < d.end_ms) return proposed_ms;
    }
    return proposed_ms;
}

bool Timeline::calibrate_pressed(std::int64_t after_ms, std::int64_t at_ms) const {
    auto it = std::upper_bound(presses_.begin(), presses_.end(), after_ms);
    return it != presses_.end() && *it <= at_ms;
}

}  // namespace pg::sim
