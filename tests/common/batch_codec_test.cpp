#include "pg/batch_codec.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace pg;
using json = nlohmann::json;

namespace {

Batch sample_batch() {
    Batch b;
    b.device = "desk-01";
    b.stream = 0xdeadbeef;
    b.seq = 42;
    b.t0_ms = 1'763'900'000'123;
    b.cadence_ms = 600;
    b.tz = "Europe/Berlin";
    b.dropped_samples = 3;
    const PostureState states[] = {PostureState::good, PostureState::good, PostureState::forward_head,
                                   PostureState::forward_head, PostureState::away, PostureState::slouch};
    for (int i = 0; i < 6; ++i) {
        Sample s;
        s.t_ms = b.t0_ms + i * 600 + (i == 3 ? 17 : 0) - (i == 5 ? 40 : 0);
        s.state = states[i];
        s.score = static_cast<std::uint8_t>(90 - i * 7);
        s.width_c = static_cast<std::int16_t>(100 + i * 3);
        s.drop_c = static_cast<std::int16_t>(-5 + i * 11);
        s.pitch_deg = static_cast<std::int16_t>(i == 2 ? -12 : 0);
        s.roll_deg = 0;
        b.samples.push_back(s);
    }
    b.events.push_back({b.t0_ms + 1800, EventType::alert, 1});
    b.events.push_back({b.t0_ms - 250, EventType::calibration, 0});
    return b;
}

DecodeError expect_error(const std::vector<std::uint8_t>& bytes) {
    auto r = decode_batch(bytes);
    EXPECT_TRUE(std::holds_alternative<DecodeError>(r));
    return std::holds_alternative<DecodeError>(r) ? std::get<DecodeError>(r) : DecodeError{};
}

}  // namespace

TEST(BatchCodec, RoundTripsEveryField) {
    Batch b = sample_batch();
    auto bytes = encode_batch(b);
    auto r = decode_batch(bytes);
    ASSERT_TRUE(std::holds_alternative<Batch>(r)) << std::get<DecodeError>(r).message;
    EXPECT_EQ(std::get<Batch>(r), b);
}

TEST(BatchCodec, RoundTripsEmptyBatchAndUnsyncedClock) {
    Batch b;
    b.device = "a";
    b.t0_ms = 5000;
    b.tz = "UTC";
    b.clock_synced = false;
    auto r = decode_batch(encode_batch(b));
    ASSERT_TRUE(std::holds_alternative<Batch>(r));
    EXPECT_EQ(std::get<Batch>(r), b);
}

TEST(BatchCodec, IsAPlainCborArrayAnySubscriberCanRead) {
    auto bytes = encode_batch(sample_batch());
    json top = json::from_cbor(bytes);
    ASSERT_TRUE(top.is_array());
    EXPECT_EQ(top[0], 1);
    EXPECT_EQ(top[1], "desk-01");
    EXPECT_EQ(top[6], "Europe/Berlin");
    EXPECT_EQ(top[10], json::array({0, 2, 1, 2, 5, 1, 2, 1}));  // run-length states
}

TEST(BatchCodec, SteadyPostureCostsAFewBytesPerSample) {
    Batch b = sample_batch();
    b.samples.clear();
    b.events.clear();
    for (int i = 0; i < 17; ++i) {
        Sample s;
        s.t_ms = b.t0_ms + i * 600 + (i % 3) - 1;
        s.state = PostureState::good;
        s.score = static_cast<std::uint8_t>(88 + (i % 2));
        s.width_c = static_cast<std::int16_t>(101 + (i % 2));
        s.drop_c = static_cast<std::int16_t>(3 - (i % 2));
        b.samples.push_back(s);
    }
    auto bytes = encode_batch(b);
    EXPECT_LT(static_cast<double>(bytes.size()) / 17.0, 9.0);
}

TEST(BatchCodec, RejectsFutureVersionClearly) {
    json top = json::from_cbor(encode_batch(sample_batch()));
    top[0] = 2;
    auto e = expect_error(json::to_cbor(top));
    EXPECT_EQ(e.code, DecodeErrorCode::unsupported_version);
    EXPECT_NE(e.message.find("version 2"), std::string::npos) << e.message;
}

TEST(BatchCodec, RejectsMalformedPayloadsWithDistinctReasons) {
    EXPECT_EQ(expect_error({}).code, DecodeErrorCode::not_cbor);
    EXPECT_EQ(expect_error({0xff, 0x00, 0x13}).code, DecodeErrorCode::not_cbor);
    EXPECT_EQ(expect_error(json::to_cbor(json{{"v", 1}})).code, DecodeErrorCode::not_a_map);

    auto good = encode_batch(sample_batch());
    std::vector<std::uint8_t> truncated(good.begin(), good.begin() + static_cast<long>(good.size() / 2));
    EXPECT_EQ(expect_error(truncated).code, DecodeErrorCode::not_cbor);

    json top = json::from_cbor(good);
    json short_top = top;
    short_top.erase(short_top.end() - 1);
    EXPECT_EQ(expect_error(json::to_cbor(short_top)).code, DecodeErrorCode::missing_field);

    json bad_type = top;
    bad_type[1] = 17;
    auto e = expect_error(json::to_cbor(bad_type));
    EXPECT_EQ(e.code, DecodeErrorCode::bad_type);
    EXPECT_NE(e.message.find("device"), std::string::npos);

    json mismatch = top;
    mismatch[11].push_back(1);
    EXPECT_EQ(expect_error(json::to_cbor(mismatch)).code, DecodeErrorCode::column_mismatch);

    json bad_state = top;
    bad_state[10][0] = 99;
    EXPECT_EQ(expect_error(json::to_cbor(bad_state)).code, DecodeErrorCode::bad_value);

    json extra = top;
    extra.push_back(0);
    EXPECT_EQ(expect_error(json::to_cbor(extra)).code, DecodeErrorCode::unknown_field);

    std::vector<std::uint8_t> oversized(kMaxBatchBytes + 1, 0x00);
    EXPECT_EQ(expect_error(oversized).code, DecodeErrorCode::oversized);
}

TEST(BatchCodec, DeepNestingIsRefusedWithoutRecursing) {
    // 100k nested arrays would overflow a recursive reader's stack.
    std::vector<std::uint8_t> nested(100000, 0x81);
    nested.push_back(0x00);
    EXPECT_EQ(expect_error(nested).code, DecodeErrorCode::bad_type);
}

TEST(BatchCodec, RejectsNonIncreasingSampleTimes) {
    Batch b = sample_batch();
    json top = json::from_cbor(encode_batch(b));
    top[9][2] = -1200;  // sample 2 at or before sample 1
    EXPECT_EQ(expect_error(json::to_cbor(top)).code, DecodeErrorCode::bad_value);
}

TEST(BatchCodec, HugeDeclaredLengthsAreRefusedNotThrown) {
    // Found by the fuzzer: an array claiming 2^56 elements made the CBOR reader
    // throw past the decoder.
    const std::vector<std::uint8_t> huge_array{0x9b, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x01};
    EXPECT_EQ(expect_error(huge_array).code, DecodeErrorCode::not_cbor);
    const std::vector<std::uint8_t> huge_map{0xbb, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x01};
    EXPECT_EQ(expect_error(huge_map).code, DecodeErrorCode::not_cbor);
    const std::vector<std::uint8_t> huge_string{0x81, 0x7b, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x61};
    EXPECT_EQ(expect_error(huge_string).code, DecodeErrorCode::not_cbor);
}
