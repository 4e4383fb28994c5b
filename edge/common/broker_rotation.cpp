#include "pg/broker_rotation.hpp"

#include <algorithm>
#include <stdexcept>

namespace pg {

BrokerRotation::BrokerRotation(std::size_t brokers, int min_delay_s, int max_delay_s)
    : count_(brokers), min_delay_s_(min_delay_s), max_delay_s_(std::max(min_delay_s, max_delay_s)),
      delay_s_(min_delay_s) {
    if (brokers == 0) throw std::invalid_argument("a broker list needs at least one broker");
}

void BrokerRotation::connected() { delay_s_ = min_delay_s_; }

int BrokerRotation::failed(bool held) {
    if (held) failures_ = 0;  // a working broker went away: a new round starts with it
    ++failures_;
    current_ = (current_ + 1) % count_;
    if (failures_ < count_) return 0;
    failures_ = 0;
    const int wait = delay_s_;
    delay_s_ = std::min(delay_s_ * 2, max_delay_s_);
    return wait;
}

}  // namespace pg
