#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace toml { inline namespace v3 { class table; class node; } }

namespace pg {

// Binds dotted TOML keys ("mqtt.broker") to fields of a config struct. Files are
// applied in layers (board, then user config); every key in a file must be known
// and of the right type, or a ConfigError names the file, line, key and the type
// expected.
class ConfigBinder {
public:
    void bind(std::string key, std::string* target);
    void bind(std::string key, bool* target);
    void bind(std::string key, int* target, long long min, long long max);
    void bind(std::string key, double* target, double min, double max);
    void bind(std::string key, std::chrono::milliseconds* target);

    void apply_file(const std::filesystem::path& file);
    void apply_text(std::string_view text, std::string_view source_name);

    bool knows(std::string_view key) const { return setters_.count(std::string(key)) != 0; }
    // Every bound key with its current value as text (durations in ms): what a
    // reload compares.
    std::map<std::string, std::string> values() const;

private:
    // Returns an empty string on success, otherwise what was expected.
    using Setter = std::function<std::string(const toml::node&)>;
    void apply_table(const toml::table& table, std::string_view source);
    std::map<std::string, Setter, std::less<>> setters_;
    std::map<std::string, std::function<std::string()>, std::less<>> getters_;
};

}  // namespace pg
