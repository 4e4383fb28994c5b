#include "hub_fixture.hpp"
#include "ingest/ingestor.hpp"
#include "pg/batch_codec.hpp"
#include "pg/log.hpp"
#include "report/devices_view.hpp"
#include "store/schema.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace pg;
using namespace pg::hub;
using pg::hub::test::make_batch;
using pg::hub::test::message_for;
using pg::hub::test::raw_message;
using pg::hub::test::repeat;
using pg::hub::test::scalar;

namespace {

const std::int64_t kT0 = test::local_ms(cctz::civil_second(2026, 3, 10, 9, 0, 0), "Europe/Berlin");

class Ingest : public test::HubDbTest {
protected:
    void SetUp() override {
        HubDbTest::SetUp();
        // Every refusal is logged as a warning; the tests check the table instead.
        log::set_level(log::Level::error);
    }
    void TearDown() override {
        log::set_level(log::Level::info);
        HubDbTest::TearDown();
    }
    struct DeadLetter {
        std::string reason, device, detail;
        std::int64_t payload_bytes = 0;
    };
    std::vector<DeadLetter> dead_letters() {
        std::vector<DeadLetter> out;
        auto st = db_->prepare("SELECT reason, coalesce(device, ''), detail, length(payload) FROM dead_letters ORDER BY id");
        auto c = st.bind();
        while (c.next()) out.push_back({c.text(0), c.text(1), c.text(2), c.int64(3)});
        return out;
    }
    // Stores one refused message and returns its dead letter.
    DeadLetter refused(const IncomingMessage& m) {
        const auto s = ingest({m});
        EXPECT_EQ(s.dead_letters, 1);
        EXPECT_EQ(s.batches, 0);
        EXPECT_EQ(scalar(*db_, "SELECT coalesce(sum(n), 0) FROM sample_blocks"), 0) << "a refused batch stored samples";
        auto all = dead_letters();
        EXPECT_FALSE(all.empty());
        EXPECT_EQ(all.empty() ? -1 : all.back().payload_bytes, static_cast<std::int64_t>(m.payload.size()));
        return all.empty() ? DeadLetter{} : all.back();
    }
};

}  // namespace

PG_INSTANTIATE_ENGINES(Ingest);

TEST_P(Ingest, StoresABatchOnceEvenWhenRedelivered) {
    const auto b = make_batch("desk-1", 7, kT0, repeat(PostureState::good, 10), "Europe/Berlin");
    const auto first = ingest({message_for(b)});
    EXPECT_EQ(first.batches, 1);
    EXPECT_EQ(first.samples, 10);
    EXPECT_EQ(first.duplicates, 0);
    const auto again = ingest({message_for(b), message_for(b)});
    EXPECT_EQ(again.batches, 0);
    EXPECT_EQ(again.duplicates, 2);
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM batches"), 1);
    EXPECT_EQ(scalar(*db_, "SELECT coalesce(sum(n), 0) FROM sample_blocks"), 10);
    EXPECT_EQ(scalar(*db_, "SELECT duplicates FROM devices WHERE name = 'desk-1'"), 2);
    EXPECT_EQ(scalar(*db_, "SELECT monitored_ms FROM daily_mart"), 6000);  // counted once
}

TEST_P(Ingest, ANumberUsedTwiceForOtherSamplesIsKeptAsADeadLetterNotDropped) {
    const auto b = make_batch("desk-1", 7, kT0, repeat(PostureState::good, 10), "Europe/Berlin");
    ASSERT_EQ(ingest({message_for(b)}).batches, 1);
    // A device whose outbox lost records numbers a later batch 7 again.
    const auto later = make_batch("desk-1", 7, kT0 + 60'000, repeat(PostureState::slouch, 10), "Europe/Berlin");
    const auto m = message_for(later);
    const auto s = ingest({m});
    EXPECT_EQ(s.dead_letters, 1);
    EXPECT_EQ(s.duplicates, 0);
    EXPECT_EQ(scalar(*db_, "SELECT coalesce(sum(n), 0) FROM sample_blocks"), 10);  // the first one's
    ASSERT_EQ(dead_letters().size(), 1u);
    const auto d = dead_letters().back();
    EXPECT_EQ(d.payload_bytes, static_cast<std::int64_t>(m.payload.size()));
    EXPECT_EQ(d.reason, "seq_reused");
    EXPECT_EQ(d.device, "desk-1");
    EXPECT_NE(d.detail.find("seq 7"), std::string::npos) << d.detail;
    EXPECT_EQ(scalar(*db_, "SELECT duplicates FROM devices WHERE name = 'desk-1'"), 0);
}

TEST_P(Ingest, KeepsEventsAndDeviceTimes) {
    auto b = make_batch("desk-1", 1, kT0, repeat(PostureState::slouch, 3), "Europe/Berlin");
    b.events.push_back({kT0 + 600, EventType::alert, 1});
    b.events.push_back({kT0 + 1200, EventType::snooze, 10});
    const auto m = message_for(b);
    EXPECT_EQ(ingest({m}).events, 2);
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM events"), 2);
    EXPECT_EQ(scalar(*db_, "SELECT alerts FROM daily_mart"), 1);
    EXPECT_EQ(scalar(*db_, "SELECT first_seen_ms FROM devices"), m.received_ms);
}

TEST_P(Ingest, MalformedBytesBecomeADeadLetter) {
    const auto d = refused(raw_message("postureguard/desk-1/batch", {0xff, 0x00, 0x13, 0x37}, kT0));
    EXPECT_EQ(d.reason, to_string(DecodeErrorCode::not_cbor));
    EXPECT_EQ(d.device, "desk-1");
}

TEST_P(Ingest, AFutureWireVersionBecomesADeadLetter) {
    auto top = nlohmann::json::from_cbor(encode_batch(make_batch("desk-1", 1, kT0, repeat(PostureState::good, 3))));
    top.at(0) = 2;  // at(): operator[] may grow the array, which GCC 14 misreads as a null dereference
    const auto d = refused(raw_message("postureguard/desk-1/batch", nlohmann::json::to_cbor(top), kT0 + 60000));
    EXPECT_EQ(d.reason, to_string(DecodeErrorCode::unsupported_version));
}

TEST_P(Ingest, BytesThatAreNotTextInAPayloadStillMakeADeadLetter) {
    // The payload's device and zone are CBOR text nobody checked as UTF-8; the
    // dead letter's detail quotes them. PostgreSQL refuses such text, so the
    // engine escapes what is not UTF-8: the raw bytes are in the payload column.
    auto m = message_for(make_batch(std::string("desk-\xff\0\xc3", 8), 1, kT0, repeat(PostureState::good, 3)));
    m.topic = "postureguard/desk-1/batch";
    const auto d = refused(m);
    EXPECT_EQ(d.reason, "device_mismatch");
    EXPECT_NE(d.detail.find("desk-"), std::string::npos) << d.detail;
    auto bad_zone = make_batch("desk-1", 2, kT0, repeat(PostureState::good, 3), std::string("Europe/\xe9\0", 9));
    EXPECT_EQ(refused(message_for(bad_zone)).reason, "bad_timezone");
}

TEST_P(Ingest, APayloadForAnotherDeviceIsRefused) {
    auto m = message_for(make_batch("desk-2", 1, kT0, repeat(PostureState::good, 3)));
    m.topic = "postureguard/desk-1/batch";
    const auto d = refused(m);
    EXPECT_EQ(d.reason, "device_mismatch");
    EXPECT_EQ(d.device, "desk-1");  // counted against the topic's device
    EXPECT_EQ(scalar(*db_, "SELECT count(*) FROM devices"), 0);
}

TEST_P(Ingest, BadTopicsAreRefused) {
    auto m = message_for(make_batch("desk-1", 1, kT0, repeat(PostureState::good, 3)));
    for (std::string topic : {"postureguard/desk-1/state", "other/desk-1/batch", "postureguard/desk 1/batch",
                              "postureguard/a/b/batch", "postureguard//batch"}) {
        m.topic = topic;
        const auto d = refused(m);
        EXPECT_EQ(d.reason, "bad_topic") << topic;
        EXPECT_EQ(d.device, "") << topic;
    }
}

TEST_P(Ingest, AnUnknownTimeZoneIsRefused) {
    for (std::string tz : {"Mars/Olympus_Mons", "/etc/passwd", "../zoneinfo/UTC", ""}) {
        const auto d = refused(message_for(make_batch("desk-1", 1, kT0, repeat(PostureState::good, 3), tz)));
        EXPECT_EQ(d.reason, "bad_timezone") << tz;
    }
}

TEST_P(Ingest, AnUnsyncedClockIsRefused) {
    auto b = make_batch("desk-1", 1, kT0, repeat(PostureState::good, 3));
    b.clock_synced = false;
    EXPECT_EQ(refused(message_for(b)).reason, "clock_unsynced");
}

TEST_P(Ingest, ImpossibleTimesAreRefused) {
    const std::int64_t y2019 = test::local_ms(cctz::civil_second(2019, 12, 31, 23, 0, 0), "UTC");
    EXPECT_EQ(refused(message_for(make_batch("desk-1", 1, y2019, repeat(PostureState::good, 3)))).reason, "bad_time");

    auto future = message_for(make_batch("desk-1", 2, kT0, repeat(PostureState::good, 3)));
    future.received_ms = kT0 - 25LL * 3600 * 1000;  // the hub's clock is a day and more behind
    EXPECT_EQ(refused(future).reason, "bad_time");

    // Only the last sample is absurd: still refused, as a whole.
    auto b = make_batch("desk-1", 3, kT0, repeat(PostureState::good, 3));
    auto m = message_for(b);
    b.samples.back().t_ms = m.received_ms + 3LL * 24 * 3600 * 1000;
    m.payload = encode_batch(b);
    EXPECT_EQ(refused(m).reason, "bad_time");
}

TEST_P(Ingest, RefusalsDoNotAbortTheGoodMessagesAroundThem) {
    const auto good1 = message_for(make_batch("desk-1", 1, kT0, repeat(PostureState::good, 3)));
    const auto bad = raw_message("postureguard/desk-1/batch", {0x01}, kT0);
    const auto good2 = message_for(make_batch("desk-1", 2, kT0 + 1800, repeat(PostureState::good, 3)));
    const auto s = ingest({good1, bad, good2});
    EXPECT_EQ(s.batches, 2);
    EXPECT_EQ(s.dead_letters, 1);
    EXPECT_EQ(s.messages, 3);
}

TEST_P(Ingest, SequenceGapsAreDerivedPerStream) {
    std::vector<IncomingMessage> msgs;
    for (std::uint64_t seq : {1, 2, 5, 6, 10}) {  // 3, 4, 7, 8, 9 missing: 5 gaps
        auto b = make_batch("desk-1", seq, kT0 + static_cast<std::int64_t>(seq) * 6000, repeat(PostureState::good, 2));
        b.dropped_samples = 1;
        msgs.push_back(message_for(b));
    }
    for (std::uint64_t seq : {100, 102}) {  // a new stream after a reset: 1 gap, none across streams
        auto b = make_batch("desk-1", seq, kT0 + 600000 + static_cast<std::int64_t>(seq) * 6000,
                            repeat(PostureState::good, 2));
        b.stream = 2;
        msgs.push_back(message_for(b));
    }
    msgs.push_back(raw_message("postureguard/desk-1/batch", {0xff}, kT0));
    ingest(msgs);
    const auto all = load_device_summaries(*db_);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].batches, 7);
    EXPECT_EQ(all[0].samples, 14);
    EXPECT_EQ(all[0].seq_gaps, 6);
    EXPECT_EQ(all[0].dropped_samples, 5);
    EXPECT_EQ(all[0].dead_letters, 1);
    EXPECT_EQ(all[0].first_seen.substr(0, 10), "2026-03-10");
}
