#pragma once

#include <string>
#include <string_view>

namespace pg {

// The machine's IANA zone name (TZ, /etc/timezone, the /etc/localtime link), or "UTC".
std::string system_timezone();
// True when the zone database knows `name` (so marts can cut days in it).
bool is_known_timezone(std::string_view name);

}  // namespace pg
