#include "indicator/fake_indicator.hpp"

#include "pg/errors.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <system_error>

namespace pg {
namespace {

std::int64_t monotonic_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

std::vector<FakeTimeline::Entry> FakeTimeline::snapshot() const {
    std::lock_guard lock(mutex);
    return entries;
}

bool FakeTimeline::buzzer_on() const {
    std::lock_guard lock(mutex);
    bool on = false;
    for (const auto& e : entries) {
        if (e.what == "buzzer 1") on = true;
        else if (e.what == "buzzer 0" || e.what == "all_off") on = false;
    }
    return on;
}

void FakeTimeline::press(ButtonEdge edge) {
    std::lock_guard lock(mutex);
    button.push_back(edge);
}

FakeIndicator::FakeIndicator(std::shared_ptr<FakeTimeline> timeline, std::string file)
    : timeline_(std::move(timeline)), file_(std::move(file)) {
    if (!file_.empty()) {
        fd_ = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "gpio.fake_file " + file_);
    }
    record("open");
}

FakeIndicator::~FakeIndicator() {
    all_off();
    record("release");
    if (fd_ >= 0) ::close(fd_);
}

void FakeIndicator::set(Output output, bool on) {
    record(std::string(output == Output::buzzer ? "buzzer " : "led ") + (on ? "1" : "0"));
}

void FakeIndicator::all_off() { record("all_off"); }

std::vector<ButtonEdge> FakeIndicator::read_button() {
    std::lock_guard lock(timeline_->mutex);
    std::vector<ButtonEdge> out(timeline_->button.begin(), timeline_->button.end());
    timeline_->button.clear();
    return out;
}

std::string FakeIndicator::describe() const {
    return "fake indicator" + (file_.empty() ? std::string() : " (timeline in " + file_ + ")");
}

void FakeIndicator::record(std::string what) {
    auto t = monotonic_ms();
    if (fd_ >= 0) {
        // One write per line: O_APPEND keeps lines whole, and the kernel has the
        // bytes even if this process is killed right after.
        std::string line = std::to_string(t) + " " + what + "\n";
        [[maybe_unused]] auto n = ::write(fd_, line.data(), line.size());
    }
    std::lock_guard lock(timeline_->mutex);
    timeline_->entries.push_back({t, std::move(what)});
}

}  // namespace pg
