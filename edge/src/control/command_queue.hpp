#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace pg {

// Hands work from a callback thread (MQTT network thread, indicator timer) to the
// main loop. Bounded: a flood of commands is refused, never buffered without end.
template <typename T>
class CommandQueue {
public:
    explicit CommandQueue(std::size_t capacity = 32) : capacity_(capacity) {}

    bool push(T item) {
        std::lock_guard lock(mutex_);
        if (items_.size() >= capacity_) return false;
        items_.push_back(std::move(item));
        return true;
    }

    std::optional<T> pop() {
        std::lock_guard lock(mutex_);
        if (items_.empty()) return std::nullopt;
        T item = std::move(items_.front());
        items_.pop_front();
        return item;
    }

private:
    std::size_t capacity_;
    std::mutex mutex_;
    std::deque<T> items_;
};

}  // namespace pg
