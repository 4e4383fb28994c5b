#include "eval/confusion.hpp"

namespace pg::eval {

std::uint64_t ConfusionMatrix::total() const {
    std::uint64_t n = 0;
    for (const auto& row : counts_)
        for (auto c : row) n += c;
    return n;
}

bool ConfusionMatrix::occurs(PostureState s) const {
    const std::size_t i = index(s);
    for (std::size_t j = 0; j < counts_.size(); ++j)
        if (counts_[i][j] || counts_[j][i]) return true;
    return false;
}

StateScore ConfusionMatrix::score(PostureState s) const {
    const std::size_t i = index(s);
    StateScore r;
    for (std::size_t j = 0; j < counts_.size(); ++j) {
        r.support += counts_[i][j];
        r.predicted += counts_[j][i];
    }
    const double hit = static_cast<double>(counts_[i][i]);
    r.precision = r.predicted ? hit / static_cast<double>(r.predicted) : 1.0;
    r.recall = r.support ? hit / static_cast<double>(r.support) : 1.0;
    if (!r.predicted && !r.support) {
        r.f1 = 1.0;
    } else {
        const double sum = r.precision + r.recall;
        r.f1 = sum > 0.0 ? 2.0 * r.precision * r.recall / sum : 0.0;
        if (r.predicted && !r.support) r.f1 = 0.0;  // only false alarms
        if (r.support && !r.predicted) r.f1 = 0.0;  // never found
    }
    return r;
}

std::vector<PostureState> ConfusionMatrix::supported(const std::vector<PostureState>& over) const {
    std::vector<PostureState> out;
    for (PostureState s : over)
        if (score(s).support) out.push_back(s);
    return out;
}

std::optional<double> ConfusionMatrix::macro_f1(const std::vector<PostureState>& over) const {
    const auto states = supported(over);
    if (states.empty()) return std::nullopt;
    double sum = 0.0;
    for (PostureState s : states) sum += score(s).f1;
    return sum / static_cast<double>(states.size());
}

}  // namespace pg::eval
