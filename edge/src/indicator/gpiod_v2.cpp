// libgpiod 2.x (Debian 13 and later): settings -> line config -> request config ->
// one line request that lives on after the chip handle is closed.
#include "indicator/gpio_lines.hpp"

#include <gpiod.h>

#include <cerrno>
#include <system_error>

namespace pg {
namespace {

[[noreturn]] void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// One owner per libgpiod handle type, each with its own free function.
template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using ChipPtr = Owned<gpiod_chip, gpiod_chip_close>;
using SettingsPtr = Owned<gpiod_line_settings, gpiod_line_settings_free>;
using LineConfigPtr = Owned<gpiod_line_config, gpiod_line_config_free>;
using RequestConfigPtr = Owned<gpiod_request_config, gpiod_request_config_free>;
using RequestPtr = Owned<gpiod_line_request, gpiod_line_request_release>;
using EventBufferPtr = Owned<gpiod_edge_event_buffer, gpiod_edge_event_buffer_free>;

constexpr std::size_t kEventBatch = 16;

// 2.x opens chips by path only: "gpiochip4" and "4" mean /dev/gpiochip4.
std::string chip_path(const std::string& chip) {
    if (chip.find('/') != std::string::npos) return chip;
    if (!chip.empty() && chip.find_first_not_of("0123456789") == std::string::npos) return "/dev/gpiochip" + chip;
    return "/dev/" + chip;
}

SettingsPtr settings_for(const LineSpec& s) {
    SettingsPtr st(gpiod_line_settings_new());
    if (!st) throw_errno("cannot allocate GPIO line settings");
    int rc = 0;
    if (s.output) {
        rc |= gpiod_line_settings_set_direction(st.get(), GPIOD_LINE_DIRECTION_OUTPUT);
        // Requested inactive: the buzzer never chirps while the process starts.
        rc |= gpiod_line_settings_set_output_value(st.get(), GPIOD_LINE_VALUE_INACTIVE);
    } else {
        rc |= gpiod_line_settings_set_direction(st.get(), GPIOD_LINE_DIRECTION_INPUT);
        rc |= gpiod_line_settings_set_edge_detection(st.get(), GPIOD_LINE_EDGE_BOTH);
        if (s.pull_up) rc |= gpiod_line_settings_set_bias(st.get(), GPIOD_LINE_BIAS_PULL_UP);
    }
    gpiod_line_settings_set_active_low(st.get(), s.active_low);
    if (rc != 0) throw_errno("invalid GPIO line settings for line " + std::to_string(s.offset));
    return st;
}

class LinesV2 final : public GpioLines {
public:
    LinesV2(const std::string& chip, const std::vector<LineSpec>& specs, const std::string& consumer)
        : specs_(specs) {
        std::string path = chip_path(chip);
        ChipPtr c(gpiod_chip_open(path.c_str()));
        if (!c) throw_errno("cannot open GPIO chip " + chip + " (" + path + ")");
        LineConfigPtr line_cfg(gpiod_line_config_new());
        RequestConfigPtr req_cfg(gpiod_request_config_new());
        if (!line_cfg || !req_cfg) throw_errno("cannot allocate a GPIO request");
        for (const auto& s : specs_) {
            auto st = settings_for(s);
            unsigned offset = s.offset;
            if (gpiod_line_config_add_line_settings(line_cfg.get(), &offset, 1, st.get()) != 0)
                throw_errno("cannot configure GPIO line " + std::to_string(offset));
        }
        gpiod_request_config_set_consumer(req_cfg.get(), consumer.c_str());
        request_.reset(gpiod_chip_request_lines(c.get(), req_cfg.get(), line_cfg.get()));
        if (!request_) throw_errno("cannot request GPIO lines on " + chip);
        events_.reset(gpiod_edge_event_buffer_new(kEventBatch));
        if (!events_) throw_errno("cannot allocate a GPIO event buffer");
        // The request stays valid once the chip handle `c` is closed here.
    }

    ~LinesV2() override {
        if (!request_) return;
        for (const auto& s : specs_)
            if (s.output) gpiod_line_request_set_value(request_.get(), s.offset, GPIOD_LINE_VALUE_INACTIVE);
        // request_ is released by its owner after this body.
    }

    void set(std::size_t i, bool active) override {
        if (gpiod_line_request_set_value(request_.get(), specs_.at(i).offset,
                                         active ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) != 0)
            throw_errno("cannot set GPIO line " + std::to_string(specs_.at(i).offset));
    }

    std::vector<LineEdge> read_edges() override {
        std::vector<LineEdge> out;
        // Bounded, so a chattering contact cannot keep this loop busy.
        for (int round = 0; round < 4; ++round) {
            int rc = gpiod_line_request_wait_edge_events(request_.get(), 0);
            if (rc < 0) throw_errno("cannot wait for GPIO events");
            if (rc == 0) break;
            int n = gpiod_line_request_read_edge_events(request_.get(), events_.get(), kEventBatch);
            if (n < 0) throw_errno("cannot read GPIO events");
            for (int k = 0; k < n; ++k) {
                gpiod_edge_event* ev = gpiod_edge_event_buffer_get_event(events_.get(), static_cast<unsigned long>(k));
                if (!ev) continue;
                unsigned offset = gpiod_edge_event_get_line_offset(ev);
                for (std::size_t i = 0; i < specs_.size(); ++i) {
                    if (specs_[i].offset != offset) continue;
                    out.push_back({i, gpiod_edge_event_get_event_type(ev) == GPIOD_EDGE_EVENT_RISING_EDGE,
                                   static_cast<std::int64_t>(gpiod_edge_event_get_timestamp_ns(ev))});
                }
            }
        }
        return out;
    }

private:
    std::vector<LineSpec> specs_;
    RequestPtr request_;
    EventBufferPtr events_;
};

}  // namespace

std::unique_ptr<GpioLines> open_gpio_lines(const std::string& chip, const std::vector<LineSpec>& lines,
                                           const std::string& consumer) {
    return std::make_unique<LinesV2>(chip, lines, consumer);
}

const char* gpiod_api_name() { return "libgpiod 2.x API"; }

}  // namespace pg
