#pragma once

#include <cstdint>

namespace pg::sim {

// A tiny, fully specified generator (splitmix64). The standard distributions are
// implementation-defined, and a seed must script the same days on every platform
// and library version, so the simulation draws its numbers only from here.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}

    // Derives an independent stream, e.g. one per scripted day.
    static Random stream(std::uint64_t seed, std::uint64_t stream_id) {
        Random r(seed ^ (0x9E3779B97F4A7C15ull * (stream_id + 1)));
        r.next();
        return r;
    }

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    // Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
    // Uniform integer in [lo, hi].
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(unit() * static_cast<double>(hi - lo + 1));
    }
    bool chance(double p) { return unit() < p; }

private:
    std::uint64_t state_;
};

}  // namespace pg::sim
