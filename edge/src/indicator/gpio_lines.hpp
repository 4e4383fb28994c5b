#pragma once

// The small line-request interface the gpiod indicator is written against. The
// libgpiod 1.x and 2.x APIs differ completely; each has one adapter file
// (gpiod_v1.cpp, gpiod_v2.cpp) implementing open_gpio_lines(), and CMake compiles
// exactly one of them, chosen from pkg-config's libgpiod version. Nothing else in
// the tree knows which API is in use.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pg {

struct LineSpec {
    unsigned offset = 0;
    bool output = true;       // output (initially inactive) or input with both-edge events
    bool active_low = false;  // logical "active" is a low level (the library inverts)
    bool pull_up = false;     // inputs: enable the internal pull-up
};

struct LineEdge {
    std::size_t line = 0;  // index into the specs passed to open_gpio_lines
    bool rising = false;   // logical: rising = became active
    std::int64_t t_ns = 0; // kernel timestamp (CLOCK_MONOTONIC on current kernels)
};

// Owns one request of a set of lines. The destructor drives every output line
// inactive before releasing it.
class GpioLines {
public:
    virtual ~GpioLines() = default;
    // Throws std::system_error.
    virtual void set(std::size_t line, bool active) = 0;
    // Non-blocking; throws std::system_error.
    virtual std::vector<LineEdge> read_edges() = 0;
};

// Opens `chip` ("gpiochip0", "/dev/gpiochip0"; 1.x also a label or number) and
// requests `lines` for `consumer`. Throws std::system_error with the errno: ENOENT
// when there is no such chip.
std::unique_ptr<GpioLines> open_gpio_lines(const std::string& chip, const std::vector<LineSpec>& lines,
                                           const std::string& consumer);

// "libgpiod 1.x API" or "libgpiod 2.x API", for logs.
const char* gpiod_api_name();

}  // namespace pg
