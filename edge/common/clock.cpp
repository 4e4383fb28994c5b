#include "pg/clock.hpp"

#include <cerrno>
#include <ctime>

namespace pg {

std::int64_t SystemClock::now_ms() const {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

bool SystemClock::sleep_until_ms(std::int64_t t_ms) {
    std::int64_t d = t_ms - now_ms();
    if (d <= 0) return true;
    // Relative monotonic sleep: a wall-clock step (NTP sync) cannot stall the loop.
    timespec req{static_cast<time_t>(d / 1000), static_cast<long>((d % 1000) * 1000000)};
    return clock_nanosleep(CLOCK_MONOTONIC, 0, &req, nullptr) == 0;
}

}  // namespace pg
