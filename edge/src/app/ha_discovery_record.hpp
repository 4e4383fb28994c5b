#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pg {

// The retained discovery topics this device has published, one a line in
// <state_dir>/ha-discovery: turning discovery off, renaming the device or
// changing a prefix, and `pg-edge ha-remove` clear exactly those (an empty
// retained payload each), so no ghost device is left behind in Home Assistant.
class HaDiscoveryRecord {
public:
    explicit HaDiscoveryRecord(std::filesystem::path file) : file_(std::move(file)) {}

    // The recorded topics. A line that is not a plain topic below a discovery
    // prefix (a damaged file) is skipped with a warning: it names nothing we published.
    std::vector<std::string> topics() const;
    // Records `topic` (atomically); false, with a warning, if the file cannot be written.
    bool add(const std::string& topic);
    // Forgets `cleared` (deletes the file when nothing is left).
    bool remove(const std::vector<std::string>& cleared);
    const std::filesystem::path& file() const { return file_; }

    // A topic we could have published a config on: "<prefix>/.../config",
    // no wildcards, no control characters.
    static bool plausible_topic(const std::string& topic);

private:
    bool write(const std::vector<std::string>& topics);
    std::filesystem::path file_;
};

}  // namespace pg
