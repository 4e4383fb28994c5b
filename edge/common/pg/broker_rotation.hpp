#pragma once

#include <cstddef>

namespace pg {

// Which broker of a list the client tries next, and how long it waits first.
// A failed attempt or a lost connection moves on to the next broker at once;
// only a whole round of brokers without a connection that held waits, and the
// wait doubles per round, not per broker: a dead first host never delays the
// move to a live second one. With one broker this is the plain back-off of
// old (min, 2 min, 4 min ... max, reset by a connection). Pure: the caller
// does the waiting, and it runs on the client's network thread only.
class BrokerRotation {
public:
    BrokerRotation(std::size_t brokers, int min_delay_s, int max_delay_s);

    std::size_t current() const { return current_; }
    std::size_t size() const { return count_; }

    // The broker accepted the connection: the back-off starts over.
    void connected();
    // The attempt on current() failed, or its connection ended. `held`: it had
    // been up long enough to count as working (a broker that accepts and drops
    // at once must not make the client spin through the list). Moves to the
    // next broker and returns the seconds to wait before trying it.
    int failed(bool held);

private:
    std::size_t count_;
    std::size_t current_ = 0;
    std::size_t failures_ = 0;  // in this round
    int min_delay_s_;
    int max_delay_s_;
    int delay_s_;
};

}  // namespace pg
