#include "source/file/labels_csv.hpp"

#include "pg/errors.hpp"

#include <charconv>
#include <fstream>

namespace pg {
namespace {

std::string trim(std::string s) {
    const auto b = s.find_first_not_of(" \t\r");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

Labels Labels::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigError("labels file " + path + " cannot be opened");
    Labels labels;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        auto fail = [&](const std::string& what) {
            return ConfigError(path + ":" + std::to_string(n) + ": " + what + " (expected frame,state)");
        };
        const auto comma = line.find(',');
        if (comma == std::string::npos) throw fail("no comma");
        const std::string frame = trim(line.substr(0, comma)), state = trim(line.substr(comma + 1));
        if (n == 1 && frame == "frame") continue;  // header
        std::uint64_t index = 0;
        auto [ptr, ec] = std::from_chars(frame.data(), frame.data() + frame.size(), index);
        if (frame.empty() || ec != std::errc() || ptr != frame.data() + frame.size())
            throw fail("'" + frame + "' is not a frame number");
        auto s = posture_state_from_string(state);
        if (!s) throw fail("'" + state + "' is not a posture state");
        labels.set(index, *s);
    }
    if (labels.empty()) throw ConfigError("labels file " + path + " has no labels");
    return labels;
}

std::optional<PostureState> Labels::at(std::uint64_t frame) const {
    auto it = by_frame_.upper_bound(frame);
    if (it == by_frame_.begin()) return std::nullopt;
    return std::prev(it)->second;
}

}  // namespace pg
