#include "eval/eval_report.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>
#include <vector>

namespace pg::eval {
namespace {

std::vector<PostureState> occurring(const ConfusionMatrix& m) {
    std::vector<PostureState> out;
    for (int i = 0; i < kPostureStateCount; ++i) {
        auto s = static_cast<PostureState>(i);
        if (m.occurs(s)) out.push_back(s);
    }
    return out;
}

nlohmann::json names(const std::vector<PostureState>& states) {
    nlohmann::json a = nlohmann::json::array();
    for (PostureState s : states) a.push_back(std::string(to_string(s)));
    return a;
}

std::string joined(const std::vector<PostureState>& states) {
    std::string out;
    for (PostureState s : states) out += (out.empty() ? "" : ", ") + std::string(to_string(s));
    return out;
}

// JSON numbers with a sensible precision (no 0.30000000000000004 in reports).
double rounded(double v, int digits = 4) {
    const double k = std::pow(10.0, digits);
    return std::round(v * k) / k;
}

std::string fixed(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

}  // namespace

nlohmann::json to_json(const EvalResult& r) {
    nlohmann::json per_state = nlohmann::json::object(), confusion = nlohmann::json::object();
    const auto states = occurring(r.confusion);
    for (PostureState s : states) {
        const StateScore sc = r.confusion.score(s);
        per_state[std::string(to_string(s))] = {{"precision", rounded(sc.precision)},
                                                {"recall", rounded(sc.recall)},
                                                {"f1", rounded(sc.f1)},
                                                {"support", sc.support}};
        nlohmann::json row = nlohmann::json::object();
        for (PostureState p : states) row[std::string(to_string(p))] = r.confusion.count(s, p);
        confusion[std::string(to_string(s))] = row;
    }
    nlohmann::json delays = nlohmann::json::object();
    for (const auto& [state, d] : r.mean_detect_delay_by_state_s) delays[std::string(to_string(state))] = rounded(d, 3);
    nlohmann::json j{{"source", r.source},
            {"analyzer", r.analyzer},
            {"reads_head_pose", r.reads_head_pose},
            {"ticks", r.ticks},
            {"scored_ticks", r.scored_ticks},
            {"macro_f1", rounded(r.macro_f1)},
            {"macro_states", names(r.macro_states)},
            {"folded_as_good", names(r.folded_states)},
            {"folded_ticks", r.folded_ticks},
            {"calibrations", r.calibrations},
            {"calibrations_refused", r.calibrations_refused},
            {"per_state", per_state},
            {"confusion", confusion},
            {"alerts", r.alerts},
            {"alerts_in_good", r.alerts_in_good},
            {"good_hours", rounded(r.good_hours)},
            {"alerts_per_hour_good", rounded(r.alerts_per_hour_good)},
            {"mean_detect_delay_s", rounded(r.mean_detect_delay_s, 3)},
            {"max_detect_delay_s", rounded(r.max_detect_delay_s, 3)},
            {"mean_detect_delay_by_state_s", delays},
            {"detected_changes", r.detected_changes},
            {"missed_changes", r.missed_changes},
            {"analysis_ms_mean", rounded(r.analysis_ms_mean, 3)}};
    if (!r.calibration_note.empty()) j["calibration_note"] = r.calibration_note;
    if (!r.problem.empty()) j["problem"] = r.problem;
    else j["problem"] = nullptr;
    return j;
}

std::string format_report(const EvalResult& r) {
    std::ostringstream os;
    os << "source:   " << r.source << "\n"
       << "analyzer: " << r.analyzer << "\n"
       << "ticks:    " << r.ticks << " (" << r.scored_ticks << " scored after calibration)\n\n";
    const auto states = occurring(r.confusion);
    char cell[64];
    os << "confusion (rows: truth, columns: predicted)\n";
    std::snprintf(cell, sizeof cell, "%-14s", "");
    os << cell;
    for (PostureState p : states) {
        std::snprintf(cell, sizeof cell, "%13s", std::string(to_string(p)).c_str());
        os << cell;
    }
    os << "\n";
    for (PostureState s : states) {
        std::snprintf(cell, sizeof cell, "%-14s", std::string(to_string(s)).c_str());
        os << cell;
        for (PostureState p : states) {
            std::snprintf(cell, sizeof cell, "%13llu", static_cast<unsigned long long>(r.confusion.count(s, p)));
            os << cell;
        }
        os << "\n";
    }
    os << "\nstate          precision  recall      f1  support\n";
    for (PostureState s : states) {
        const StateScore sc = r.confusion.score(s);
        std::snprintf(cell, sizeof cell, "%-14s %9.3f %7.3f %7.3f %8llu\n", std::string(to_string(s)).c_str(),
                      sc.precision, sc.recall, sc.f1, static_cast<unsigned long long>(sc.support));
        os << cell;
    }
    if (!r.problem.empty()) os << "\nnot scored: " << r.problem << "\n";
    else os << "\nmacro_f1 over the states the truth holds (" << joined(r.macro_states) << "): " << fixed(r.macro_f1, 4)
            << "\n";
    if (!r.folded_states.empty())
        os << r.analyzer << " reads no head pose: " << r.folded_ticks << " ticks of " << joined(r.folded_states)
           << " scored as good\n";
    if (r.calibrations_refused)
        os << "calibration refused " << r.calibrations_refused << " time(s): " << r.calibration_note << "\n";
    os
       << "mean_detect_delay_s: " << fixed(r.mean_detect_delay_s, 2) << " (max " << fixed(r.max_detect_delay_s, 2)
       << ", " << r.detected_changes << " changes detected, " << r.missed_changes << " missed)\n"
       << "alerts: " << r.alerts << ", " << r.alerts_in_good << " during good posture ("
       << fixed(r.alerts_per_hour_good, 2) << " per hour of good posture over " << fixed(r.good_hours, 2)
       << " h)\n"
       << "analysis: " << fixed(r.analysis_ms_mean, 2) << " ms per tick\n";
    return os.str();
}

}  // namespace pg::eval
