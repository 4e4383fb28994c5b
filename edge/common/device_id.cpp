#include "pg/device_id.hpp"

#include <cctype>

namespace pg {

bool is_valid_device_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    if (!std::isalnum(static_cast<unsigned char>(id[0]))) return false;
    for (char c : id) {
        auto u = static_cast<unsigned char>(c);
        if (!(std::isalnum(u) || c == '_' || c == '-') || u > 127) return false;
    }
    return true;
}

}  // namespace pg
