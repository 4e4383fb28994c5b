#include "eval/alert_model.hpp"
#include "eval/confusion.hpp"
#include "eval/eval_report.hpp"

#include <gtest/gtest.h>

namespace pg::eval {
namespace {

using S = PostureState;

TEST(Confusion, PerStateScoresAndMacroF1OverOccurringStates) {
    ConfusionMatrix m;
    for (int i = 0; i < 8; ++i) m.add(S::good, S::good);
    m.add(S::good, S::slouch);
    m.add(S::good, S::slouch);
    for (int i = 0; i < 9; ++i) m.add(S::slouch, S::slouch);
    m.add(S::slouch, S::good);
    m.add(S::too_dark, S::too_dark);
    EXPECT_EQ(m.total(), 21u);
    const StateScore g = m.score(S::good);
    EXPECT_EQ(g.support, 10u);
    EXPECT_DOUBLE_EQ(g.precision, 8.0 / 9.0);
    EXPECT_DOUBLE_EQ(g.recall, 0.8);
    const StateScore s = m.score(S::slouch);
    EXPECT_DOUBLE_EQ(s.precision, 9.0 / 11.0);
    EXPECT_DOUBLE_EQ(s.recall, 0.9);
    // forward_head and away are never true: left out of the mean, not counted as 1.
    EXPECT_DOUBLE_EQ(*m.macro_f1({S::good, S::forward_head, S::slouch, S::away}), (g.f1 + s.f1) / 2);
    EXPECT_EQ(m.supported({S::good, S::forward_head, S::slouch, S::away}), (std::vector<S>{S::good, S::slouch}));
    EXPECT_DOUBLE_EQ(m.score(S::away).f1, 1.0);
}

TEST(Confusion, FalseAlarmsOfAnAbsentStateScoreZero) {
    ConfusionMatrix m;
    m.add(S::good, S::good);
    m.add(S::good, S::forward_head);
    EXPECT_DOUBLE_EQ(m.score(S::forward_head).f1, 0.0);
    // Averaged over the states with support; the false alarms cost good's precision.
    EXPECT_DOUBLE_EQ(*m.macro_f1({S::good, S::forward_head}), 2.0 / 3.0);
}

TEST(Confusion, NothingScoredHasNoScore) {
    ConfusionMatrix m;
    EXPECT_FALSE(m.macro_f1({S::good, S::slouch}).has_value());
    m.add(S::too_dark, S::too_dark);
    EXPECT_FALSE(m.macro_f1({S::good, S::slouch}).has_value());
}

Sample at(std::int64_t t_s, S state) {
    Sample s;
    s.t_ms = t_s * 1000;
    s.state = state;
    return s;
}

TEST(HoldAlertModel, OneAlertPerEpisodeOnceHeld) {
    HoldAlertModel m(std::chrono::seconds(30));
    EXPECT_FALSE(m.update(at(0, S::slouch)));
    EXPECT_FALSE(m.update(at(29, S::forward_head)));  // bad states chain into one episode
    EXPECT_TRUE(m.update(at(30, S::slouch)));
    EXPECT_FALSE(m.update(at(90, S::slouch)));  // once per episode
    EXPECT_FALSE(m.update(at(91, S::away)));    // the episode ends
    EXPECT_FALSE(m.update(at(92, S::slouch)));
    EXPECT_FALSE(m.update(at(100, S::good)));
    EXPECT_FALSE(m.update(at(101, S::slouch)));
    EXPECT_TRUE(m.update(at(131, S::slouch)));
}

TEST(EvalReport, JsonHasTheContractsKeys) {
    EvalResult r;
    r.confusion.add(S::good, S::good);
    r.confusion.add(S::good, S::slouch);
    r.macro_f1 = 0.5;
    r.mean_detect_delay_s = 2.25;
    const auto j = to_json(r);
    for (const char* key : {"macro_f1", "per_state", "confusion", "alerts_per_hour_good", "mean_detect_delay_s"})
        EXPECT_TRUE(j.contains(key)) << key;
    EXPECT_EQ(j["confusion"]["good"]["slouch"], 1);
    EXPECT_DOUBLE_EQ(j["per_state"]["good"]["recall"].get<double>(), 0.5);
    EXPECT_NE(format_report(r).find("macro_f1"), std::string::npos);
    EXPECT_TRUE(j["problem"].is_null());
}

TEST(EvalReport, AnUnscoredRunSaysWhyInsteadOfAScore) {
    EvalResult r;
    r.problem = "calibration never completed: moved too much; nothing was scored";
    const auto j = to_json(r);
    EXPECT_EQ(j["problem"], r.problem);
    EXPECT_NE(format_report(r).find("not scored: calibration never completed"), std::string::npos);
}

}  // namespace
}  // namespace pg::eval
