#include "app/ha_discovery_record.hpp"

#include "app/sequence_store.hpp"
#include "pg/log.hpp"

#include <algorithm>
#include <fstream>

namespace pg {

bool HaDiscoveryRecord::plausible_topic(const std::string& t) {
    if (t.empty() || t.size() > 1024 || t.front() == '/') return false;
    if (t.size() < 8 || t.compare(t.size() - 7, 7, "/config") != 0) return false;
    return std::none_of(t.begin(), t.end(), [](char c) {
        return c == '+' || c == '#' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
}

std::vector<std::string> HaDiscoveryRecord::topics() const {
    std::vector<std::string> out;
    std::error_code ec;
    if (!std::filesystem::exists(file_, ec)) return out;
    std::ifstream in(file_);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (!plausible_topic(line)) {
            log::warn("homeassistant", file_.string(), ": skipping a line that is no discovery topic");
            continue;
        }
        if (std::find(out.begin(), out.end(), line) == out.end()) out.push_back(line);
    }
    return out;
}

bool HaDiscoveryRecord::write(const std::vector<std::string>& topics) {
    try {
        std::error_code ec;
        if (topics.empty()) {
            std::filesystem::remove(file_, ec);
            if (ec) throw std::filesystem::filesystem_error("cannot remove", file_, ec);
            return true;
        }
        std::string text;
        for (const auto& t : topics) text += t + "\n";
        write_file_atomically(file_, text);
        return true;
    } catch (const std::exception& e) {
        log::warn("homeassistant", "cannot update ", file_.string(), " (", e.what(),
                  "): the discovery topics published are not recorded");
        return false;
    }
}

bool HaDiscoveryRecord::add(const std::string& topic) {
    auto t = topics();
    if (std::find(t.begin(), t.end(), topic) != t.end()) return true;
    t.push_back(topic);
    return write(t);
}

bool HaDiscoveryRecord::remove(const std::vector<std::string>& cleared) {
    auto t = topics();
    std::erase_if(t, [&](const std::string& x) { return std::find(cleared.begin(), cleared.end(), x) != cleared.end(); });
    return write(t);
}

}  // namespace pg
