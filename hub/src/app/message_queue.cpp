#include "app/message_queue.hpp"

#include <algorithm>
#include <iterator>

namespace pg::hub {

std::uint64_t MessageQueue::push(IncomingMessage msg) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [this] { return unbounded_ || items_.size() < capacity_; });
    items_.push_back(std::move(msg));
    const std::uint64_t ticket = ++pushed_;
    lock.unlock();
    ready_.notify_one();
    return ticket;
}

void MessageQueue::wait_stored(std::uint64_t ticket) {
    std::unique_lock lock(mutex_);
    stored_cv_.wait(lock, [&] { return unbounded_ || stored_ >= ticket; });
}

void MessageQueue::mark_stored(std::size_t count) {
    {
        std::lock_guard lock(mutex_);
        stored_ += count;
    }
    stored_cv_.notify_all();
}

std::vector<IncomingMessage> MessageQueue::pop_batch(std::size_t max, std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    ready_.wait_for(lock, wait, [&] { return unbounded_ || !items_.empty(); });
    const std::size_t n = std::min(max, items_.size());
    std::vector<IncomingMessage> out(std::make_move_iterator(items_.begin()),
                                     std::make_move_iterator(items_.begin() + static_cast<std::ptrdiff_t>(n)));
    items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(n));
    lock.unlock();
    not_full_.notify_all();
    return out;
}

std::vector<IncomingMessage> MessageQueue::take_all() {
    std::unique_lock lock(mutex_);
    std::vector<IncomingMessage> out(std::make_move_iterator(items_.begin()), std::make_move_iterator(items_.end()));
    items_.clear();
    lock.unlock();
    not_full_.notify_all();
    return out;
}

void MessageQueue::stop_blocking() {
    {
        std::lock_guard lock(mutex_);
        unbounded_ = true;
    }
    not_full_.notify_all();
    ready_.notify_all();
    stored_cv_.notify_all();
}

std::size_t MessageQueue::size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
}

}  // namespace pg::hub
