#include "pg/timezone.hpp"

#include <cctz/time_zone.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace pg {

std::string system_timezone() {
    if (const char* tz = std::getenv("TZ"); tz && *tz) {
        std::string_view v(tz);
        if (v.front() == ':') v.remove_prefix(1);
        if (is_known_timezone(v)) return std::string(v);
    }
    std::ifstream f("/etc/timezone");
    std::string name;
    if (f >> name && is_known_timezone(name)) return name;
    std::error_code ec;
    auto target = std::filesystem::read_symlink("/etc/localtime", ec);
    if (!ec) {
        auto s = target.string();
        auto pos = s.find("zoneinfo/");
        if (pos != std::string::npos && is_known_timezone(s.substr(pos + 9))) return s.substr(pos + 9);
    }
    return "UTC";
}

bool is_known_timezone(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.find("..") != std::string_view::npos || name.front() == '/')
        return false;
    cctz::time_zone tz;
    return cctz::load_time_zone(std::string(name), &tz);
}

}  // namespace pg
