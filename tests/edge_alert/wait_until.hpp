#pragma once

#include <chrono>
#include <thread>

namespace pg::test {

// Polls `done` for up to `limit`. The limit only bounds a broken test; nothing is
// asserted about how long the wait took.
template <typename F>
bool wait_until(F done, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

}  // namespace pg::test
