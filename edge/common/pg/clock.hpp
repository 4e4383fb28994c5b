#pragma once

#include <cstdint>

namespace pg {

// Wall time in Unix milliseconds, injectable so timelines replay on a simulated
// clock (--speed max, tests) exactly as they would run in real time.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t now_ms() const = 0;
    // Returns false when a signal interrupted the sleep; simulated clocks jump.
    virtual bool sleep_until_ms(std::int64_t t_ms) = 0;
};

class SystemClock final : public Clock {
public:
    std::int64_t now_ms() const override;
    bool sleep_until_ms(std::int64_t t_ms) override;
};

class ManualClock final : public Clock {
public:
    explicit ManualClock(std::int64_t start_ms) : now_(start_ms) {}
    std::int64_t now_ms() const override { return now_; }
    bool sleep_until_ms(std::int64_t t_ms) override {
        if (t_ms > now_) now_ = t_ms;
        return true;
    }
    void advance_ms(std::int64_t d) { now_ += d; }
    void set_ms(std::int64_t t) { now_ = t; }

private:
    std::int64_t now_;
};

}  // namespace pg
