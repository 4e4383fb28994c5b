#pragma once

#include <string_view>

namespace pg {

// Device ids appear in MQTT topics, ACL patterns and file names: 1-64 characters
// of [A-Za-z0-9_-], starting with a letter or digit. No '/', '+', '#' or spaces.
bool is_valid_device_id(std::string_view id);
inline constexpr const char* kDeviceIdRule = "1-64 characters of A-Z a-z 0-9 _ -, starting with a letter or digit";

}  // namespace pg
