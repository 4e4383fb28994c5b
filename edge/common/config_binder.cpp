#include "pg/config_binder.hpp"

#include "pg/duration.hpp"
#include "pg/errors.hpp"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>
#include <vector>

namespace pg {
namespace {

std::string where(std::string_view source, const toml::node& n) {
    std::ostringstream os;
    os << source;
    if (n.source().begin.line) os << ":" << n.source().begin.line;
    return os.str();
}

// Flattens nested tables into dotted keys so each leaf is checked on its own.
void flatten(const toml::table& t, const std::string& prefix,
             std::vector<std::pair<std::string, const toml::node*>>& out) {
    for (const auto& [k, v] : t) {
        std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
        if (const auto* sub = v.as_table()) flatten(*sub, key, out);
        else out.emplace_back(key, &v);
    }
}

}  // namespace

std::map<std::string, std::string> ConfigBinder::values() const {
    std::map<std::string, std::string> out;
    for (const auto& [key, get] : getters_) out[key] = get();
    return out;
}

void ConfigBinder::bind(std::string key, std::string* target) {
    getters_[key] = [target] { return *target; };
    setters_[std::move(key)] = [target](const toml::node& n) -> std::string {
        if (!n.is_string()) return "a string";
        *target = n.value<std::string>().value_or("");
        return {};
    };
}

void ConfigBinder::bind(std::string key, bool* target) {
    getters_[key] = [target] { return std::string(*target ? "true" : "false"); };
    setters_[std::move(key)] = [target](const toml::node& n) -> std::string {
        if (!n.is_boolean()) return "true or false";
        *target = n.value<bool>().value_or(false);
        return {};
    };
}

void ConfigBinder::bind(std::string key, int* target, long long min, long long max) {
    getters_[key] = [target] { return std::to_string(*target); };
    setters_[std::move(key)] = [target, min, max](const toml::node& n) -> std::string {
        auto v = n.is_integer() ? n.value<long long>() : std::nullopt;
        if (!v || *v < min || *v > max)
            return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
        *target = static_cast<int>(*v);
        return {};
    };
}

void ConfigBinder::bind(std::string key, double* target, double min, double max) {
    getters_[key] = [target] {
        std::ostringstream os;
        os << *target;
        return os.str();
    };
    setters_[std::move(key)] = [target, min, max](const toml::node& n) -> std::string {
        std::optional<double> v;
        if (n.is_floating_point() || n.is_integer()) v = n.value<double>();
        if (!v || *v < min || *v > max) {
            std::ostringstream os;
            os << "a number from " << min << " to " << max;
            return os.str();
        }
        *target = *v;
        return {};
    };
}

void ConfigBinder::bind(std::string key, std::chrono::milliseconds* target) {
    getters_[key] = [target] { return std::to_string(target->count()) + "ms"; };
    setters_[std::move(key)] = [target](const toml::node& n) -> std::string {
        auto d = n.is_string() ? parse_duration(*n.value<std::string>()) : std::nullopt;
        if (!d) return "a duration such as \"600ms\", \"10s\" or \"5m\"";
        *target = *d;
        return {};
    };
}

void ConfigBinder::apply_file(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw ConfigError(file.string() + ": cannot open config file");
    std::stringstream ss;
    ss << in.rdbuf();
    apply_text(ss.str(), file.string());
}

void ConfigBinder::apply_text(std::string_view text, std::string_view source_name) {
    toml::table table;
    try {
        table = toml::parse(text, source_name);
    } catch (const toml::parse_error& e) {
        std::ostringstream os;
        os << source_name << ":" << e.source().begin.line << ": " << e.description();
        throw ConfigError(os.str());
    }
    apply_table(table, source_name);
}

void ConfigBinder::apply_table(const toml::table& table, std::string_view source) {
    std::vector<std::pair<std::string, const toml::node*>> leaves;
    flatten(table, "", leaves);
    // Check every key before setting any, so a bad file changes nothing.
    for (const auto& [key, node] : leaves)
        if (!setters_.count(key)) throw ConfigError(where(source, *node) + ": unknown key '" + key + "'");
    // A type error stops part-way; callers that must keep a live config intact
    // (a reload) bind a copy and swap it in only when the whole file applied.
    for (const auto& [key, node] : leaves) {
        std::string expected = setters_.find(key)->second(*node);
        if (!expected.empty())
            throw ConfigError(where(source, *node) + ": key '" + key + "' must be " + expected);
    }
}

}  // namespace pg
