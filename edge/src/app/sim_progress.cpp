#include "app/sim_progress.hpp"

#include "app/crc32.hpp"
#include "app/sequence_store.hpp"
#include "pg/log.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace pg {
namespace {

std::string checksum(const std::string& text) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "%08x",
                  crc32({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}));
    return hex;
}

bool parse_tick(const std::string& line, std::int64_t& t) {
    if (line.empty() || line.size() > 19 || line.find_first_not_of("0123456789") != std::string::npos) return false;
    t = std::stoll(line);
    return true;
}

}  // namespace

std::optional<std::int64_t> SimProgress::load() const {
    std::error_code ec;
    if (!std::filesystem::exists(file_, ec)) return std::nullopt;
    std::ifstream in(file_, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    auto damaged = [&](const std::string& why) {
        return std::runtime_error(file_.string() + " is damaged (" + why +
                                  "): delete it to replay the simulation from its start (the hub then stores those "
                                  "days again, as new batches) or use a fresh --state-dir");
    };
    std::istringstream lines(text);
    std::string spec, tick, sum;
    if (!std::getline(lines, spec) || !std::getline(lines, tick)) throw damaged("too short");
    std::int64_t t = 0;
    if (!parse_tick(tick, t)) throw damaged("no tick time on its second line");
    const std::string body = spec + "\n" + tick + "\n";
    if (std::getline(lines, sum)) {
        if (sum != checksum(body) || text != body + sum + "\n") throw damaged("checksum mismatch");
    } else if (text != body) {
        throw damaged("cut short");  // earlier releases wrote no checksum, but whole lines
    }
    if (spec != source_) return std::nullopt;  // another simulation: it starts from its beginning
    return t;
}

void SimProgress::save(std::int64_t t_ms) {
    const std::string body = source_ + "\n" + std::to_string(t_ms) + "\n";
    try {
        write_file_atomically(file_, body + checksum(body) + "\n");
        warned_ = false;
    } catch (const std::exception& e) {
        if (!warned_)
            log::warn("edge", "cannot save the simulation's progress (", e.what(),
                      "): a restart now would analyse the latest ticks again");
        warned_ = true;
    }
}

}  // namespace pg
