// Which broker comes next and how long to wait: pure, so every step is checked
// without a clock.
#include "pg/broker_rotation.hpp"

#include <gtest/gtest.h>

#include <vector>

using pg::BrokerRotation;

TEST(BrokerRotation, OneBrokerBacksOffAsBeforeAndAConnectionResetsIt) {
    BrokerRotation r(1, 1, 30);
    std::vector<int> waits;
    for (int i = 0; i < 7; ++i) waits.push_back(r.failed(false));
    EXPECT_EQ(waits, (std::vector<int>{1, 2, 4, 8, 16, 30, 30}));
    EXPECT_EQ(r.current(), 0u);
    r.connected();
    EXPECT_EQ(r.failed(true), 1);  // a lost connection waits the minimum, then doubles
    EXPECT_EQ(r.failed(false), 2);
}

TEST(BrokerRotation, ADeadBrokerMovesToTheNextAtOnceAndTheBackOffIsPerRound) {
    BrokerRotation r(3, 1, 30);
    EXPECT_EQ(r.current(), 0u);
    EXPECT_EQ(r.failed(false), 0);  // broker 1 refused: broker 2 now
    EXPECT_EQ(r.current(), 1u);
    EXPECT_EQ(r.failed(false), 0);
    EXPECT_EQ(r.current(), 2u);
    EXPECT_EQ(r.failed(false), 1);  // the whole round failed: wait, then broker 1 again
    EXPECT_EQ(r.current(), 0u);
    EXPECT_EQ(r.failed(false), 0);
    EXPECT_EQ(r.failed(false), 0);
    EXPECT_EQ(r.failed(false), 2);  // doubled per round, not per broker
    EXPECT_EQ(r.current(), 0u);
}

TEST(BrokerRotation, LosingAWorkingBrokerTriesTheNextAtOnceAndCanComeBack) {
    BrokerRotation r(2, 1, 30);
    EXPECT_EQ(r.failed(false), 0);  // A down at start
    EXPECT_EQ(r.current(), 1u);
    r.connected();                  // on B
    EXPECT_EQ(r.failed(true), 0);   // B killed after working a while: A at once
    EXPECT_EQ(r.current(), 0u);
    r.connected();
    EXPECT_EQ(r.failed(true), 0);   // and back to B the same way
    EXPECT_EQ(r.current(), 1u);
    EXPECT_EQ(r.failed(false), 1);  // B refused too: now the round is over
}

TEST(BrokerRotation, BrokersThatAcceptAndDropAtOnceDoNotSpin) {
    BrokerRotation r(2, 1, 30);
    r.connected();
    EXPECT_EQ(r.failed(false), 0);  // dropped before it held
    r.connected();
    EXPECT_EQ(r.failed(false), 1);  // the second too: a round without a working broker waits
    r.connected();
    EXPECT_EQ(r.failed(false), 0);
    r.connected();
    EXPECT_EQ(r.failed(false), 1);  // every connect resets the back-off, as with one broker
}

TEST(BrokerRotation, AnEmptyListIsRefused) { EXPECT_THROW(BrokerRotation(0, 1, 30), std::invalid_argument); }
