#include "mart/rollup_store.hpp"

namespace pg::hub {

RollupStore::RollupStore(const Database& db)
    : samples_(db),
      erase_(db.prepare("DELETE FROM minute_rollup WHERE device_id = ?1 AND minute_ms >= ?2 AND minute_ms < ?3")),
      upsert_(db.prepare(db.dialect().upsert(
          "minute_rollup",
          {"device_id", "minute_ms", "good_ms", "forward_head_ms", "slouch_ms", "looking_down_ms", "tilt_ms",
           "away_ms", "too_dark_ms", "uncalibrated_ms", "camera_error_ms", "paused_ms", "score_sum", "score_n",
           "scores", "first_ms", "last_ms", "last_dur_ms", "good_head_ms", "good_tail_ms", "good_best_ms"},
          2))),
      // The state columns follow PostureState's numeric order (good = 0 ... paused = 9).
      load_(db.prepare(
          "SELECT minute_ms, good_ms, forward_head_ms, slouch_ms, looking_down_ms, tilt_ms, away_ms, too_dark_ms, "
          "uncalibrated_ms, camera_error_ms, paused_ms, score_sum, score_n, scores, first_ms, last_ms, last_dur_ms, "
          "good_head_ms, good_tail_ms, good_best_ms FROM minute_rollup "
          "WHERE device_id = ?1 AND minute_ms >= ?2 AND minute_ms < ?3 ORDER BY minute_ms")) {}

void RollupStore::write(std::int64_t device_id, const MinuteRollup& r) {
    static_assert(kPostureStateCount == 10, "a new state needs its minute_rollup column");
    const auto& s = r.state_ms;
    upsert_.run(device_id, r.minute_ms, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], r.score_sum,
                r.score_n, r.scores, r.first_ms, r.last_ms, r.last_dur_ms, r.good_head_ms, r.good_tail_ms,
                r.good_best_ms);
}

int RollupStore::recompute(std::int64_t device_id, std::int64_t begin_ms, std::int64_t end_ms) {
    // Read first, write after.
    std::vector<RawSample> samples;
    for (const auto& h : samples_.read(device_id, begin_ms, end_ms))
        samples.push_back({h.sample.t_ms, h.sample.state, static_cast<int>(h.sample.score), h.dur_ms});
    erase_.run(device_id, begin_ms, end_ms);
    int written = 0;
    std::size_t i = 0;
    while (i < samples.size()) {
        const std::int64_t minute = minute_of(samples[i].t_ms);
        std::size_t j = i;
        while (j < samples.size() && samples[j].t_ms < minute + kMinuteMs) ++j;
        write(device_id, roll_up(minute, std::span<const RawSample>(samples).subspan(i, j - i)));
        ++written;
        i = j;
    }
    return written;
}

std::vector<MinuteRollup> RollupStore::load(std::int64_t device_id, const TimeSpan& span) {
    std::vector<MinuteRollup> out;
    auto c = load_.bind(device_id, span.begin_ms, span.end_ms);
    while (c.next()) {
        MinuteRollup r;
        r.minute_ms = c.int64(0);
        for (int k = 0; k < kPostureStateCount; ++k) r.state_ms[static_cast<std::size_t>(k)] = c.int64(1 + k);
        r.score_sum = c.int64(11);
        r.score_n = c.int64(12);
        r.scores = c.blob(13);
        r.first_ms = c.int64(14);
        r.last_ms = c.int64(15);
        r.last_dur_ms = c.int64(16);
        r.good_head_ms = c.int64(17);
        r.good_tail_ms = c.int64(18);
        r.good_best_ms = c.int64(19);
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace pg::hub
