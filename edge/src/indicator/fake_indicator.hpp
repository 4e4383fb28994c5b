#pragma once

#include "indicator/indicator.hpp"

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pg {

// What a FakeIndicator was told, in order. Shared so a test keeps it after the
// indicator (owned by the driver) is gone.
struct FakeTimeline {
    struct Entry {
        std::int64_t t_ms;  // CLOCK_MONOTONIC
        std::string what;   // "buzzer 1", "led 0", "all_off", "release"
    };
    mutable std::mutex mutex;
    std::vector<Entry> entries;
    std::deque<ButtonEdge> button;  // edges a test injects, handed out by read_button()

    std::vector<Entry> snapshot() const;
    bool buzzer_on() const;  // the buzzer's level after the last entry
    void press(ButtonEdge edge);
};

// Records every change (and, with a file, appends it as "<ms> <what>\n" with one
// write(2) per line, so a test process can read it even after this one was killed).
class FakeIndicator final : public Indicator {
public:
    explicit FakeIndicator(std::shared_ptr<FakeTimeline> timeline = std::make_shared<FakeTimeline>(),
                           std::string file = {});
    ~FakeIndicator() override;
    FakeIndicator(const FakeIndicator&) = delete;
    FakeIndicator& operator=(const FakeIndicator&) = delete;

    void set(Output output, bool on) override;
    void all_off() override;
    bool has(Output) const override { return true; }
    bool has_button() const override { return true; }
    std::vector<ButtonEdge> read_button() override;
    std::string describe() const override;

    const std::shared_ptr<FakeTimeline>& timeline() const { return timeline_; }

private:
    void record(std::string what);

    std::shared_ptr<FakeTimeline> timeline_;
    std::string file_;
    int fd_ = -1;
};

}  // namespace pg
