// libgpiod 1.x (1.6 on Debian 12 / Raspberry Pi OS bookworm): lines belong to a
// chip handle and are requested one by one.
#include "indicator/gpio_lines.hpp"

#include <gpiod.h>

#include <cerrno>
#include <system_error>

namespace pg {
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

struct ChipCloser {
    void operator()(gpiod_chip* c) const { gpiod_chip_close(c); }
};
using ChipPtr = std::unique_ptr<gpiod_chip, ChipCloser>;

// One requested line: released by its owner, outputs driven inactive first.
class RequestedLine {
public:
    RequestedLine(gpiod_line* line, bool output) : line_(line), output_(output) {}
    ~RequestedLine() {
        if (!line_) return;
        if (output_) gpiod_line_set_value(line_, 0);
        gpiod_line_release(line_);
    }
    RequestedLine(RequestedLine&& o) noexcept : line_(o.line_), output_(o.output_) { o.line_ = nullptr; }
    RequestedLine(const RequestedLine&) = delete;
    RequestedLine& operator=(const RequestedLine&) = delete;
    RequestedLine& operator=(RequestedLine&&) = delete;

    gpiod_line* get() const { return line_; }
    bool output() const { return output_; }

private:
    gpiod_line* line_;
    bool output_;
};

class LinesV1 final : public GpioLines {
public:
    LinesV1(const std::string& chip, const std::vector<LineSpec>& specs, const std::string& consumer) {
        chip_.reset(gpiod_chip_open_lookup(chip.c_str()));
        if (!chip_) throw_errno("cannot open GPIO chip " + chip);
        lines_.reserve(specs.size());
        for (const auto& s : specs) {
            gpiod_line* line = gpiod_chip_get_line(chip_.get(), s.offset);
            if (!line) throw_errno("GPIO chip " + chip + " has no line " + std::to_string(s.offset));
            int flags = s.active_low ? GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW : 0;
            int rc;
            if (s.output) {
                rc = gpiod_line_request_output_flags(line, consumer.c_str(), flags, 0);
            } else {
                if (s.pull_up) flags |= GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
                rc = gpiod_line_request_both_edges_events_flags(line, consumer.c_str(), flags);
            }
            if (rc != 0) throw_errno("cannot request GPIO " + chip + " line " + std::to_string(s.offset));
            lines_.emplace_back(line, s.output);
        }
    }
    // Lines are released (outputs driven inactive) before the chip closes.
    ~LinesV1() override { lines_.clear(); }

    void set(std::size_t i, bool active) override {
        if (gpiod_line_set_value(lines_.at(i).get(), active ? 1 : 0) != 0) throw_errno("cannot set GPIO line");
    }

    std::vector<LineEdge> read_edges() override {
        std::vector<LineEdge> out;
        const timespec zero{0, 0};
        for (std::size_t i = 0; i < lines_.size(); ++i) {
            gpiod_line* line = lines_[i].get();
            if (lines_[i].output()) continue;
            // Bounded, so a chattering contact cannot keep this loop busy.
            for (int n = 0; n < 64; ++n) {
                int rc = gpiod_line_event_wait(line, &zero);
                if (rc < 0) throw_errno("cannot wait for GPIO events");
                if (rc == 0) break;
                gpiod_line_event ev{};
                if (gpiod_line_event_read(line, &ev) != 0) throw_errno("cannot read a GPIO event");
                out.push_back({i, ev.event_type == GPIOD_LINE_EVENT_RISING_EDGE,
                               static_cast<std::int64_t>(ev.ts.tv_sec) * 1000000000 + ev.ts.tv_nsec});
            }
        }
        return out;
    }

private:
    ChipPtr chip_;
    std::vector<RequestedLine> lines_;  // declared after chip_: destroyed first
};

}  // namespace

std::unique_ptr<GpioLines> open_gpio_lines(const std::string& chip, const std::vector<LineSpec>& lines,
                                           const std::string& consumer) {
    return std::make_unique<LinesV1>(chip, lines, consumer);
}

const char* gpiod_api_name() { return "libgpiod 1.x API"; }

}  // namespace pg
