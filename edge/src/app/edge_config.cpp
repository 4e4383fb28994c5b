#include "app/edge_config.hpp"

#include "alert/quiet_hours.hpp"
#include "control/schedule.hpp"
#include "indicator/indicator_factory.hpp"
#include "pg/clock.hpp"
#include "pg/config_binder.hpp"
#include "pg/device_id.hpp"
#include "pg/duration.hpp"
#include "pg/errors.hpp"
#include "pg/log.hpp"
#include "pg/timezone.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace pg {
namespace {

std::string default_device_id() {
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) != 0) return "desk";
    std::string id;
    for (const char* p = host; *p && id.size() < 64; ++p) {
        char c = *p;
        id += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '-';
    }
    return is_valid_device_id(id) ? id : "desk";
}

}  // namespace

void bind_edge_config(ConfigBinder& b, EdgeConfig& c) {
    b.bind("device.id", &c.device_id);
    b.bind("device.timezone", &c.timezone);
    b.bind("device.state_dir", &c.state_dir);
    b.bind("device.log_level", &c.log_level);
    b.bind("camera.source", &c.source);
    b.bind("camera.width", &c.camera_width, 64, 4096);
    b.bind("camera.height", &c.camera_height, 48, 4096);
    b.bind("camera.fps", &c.camera_fps, 1, 120);
    b.bind("camera.process", &c.camera_process);
    b.bind("analysis.cadence", &c.cadence);
    b.bind("mqtt.batch_interval", &c.batch_interval);
    b.bind("outbox.max_mb", &c.outbox_max_mb, 2, 4096);
    b.bind("outbox.segment_kb", &c.outbox_segment_kb, 4, 16384);
    b.bind("device.clock_check", &c.clock_check);
    b.bind("mqtt.stats_interval", &c.stats_interval);
    b.bind("homeassistant.discovery", &c.ha_discovery);
    b.bind("homeassistant.prefix", &c.ha_prefix);
    b.bind("monitoring.schedule", &c.schedule);
    bind_mqtt_config(b, c.mqtt);
    bind_tracker_config(b, c.tracker);
    bind_gpio_config(b, c.gpio);
    bind_alert_config(b, c.alert);
}

void bind_gpio_config(ConfigBinder& b, GpioConfig& g) {
    b.bind("gpio.backend", &g.backend);
    b.bind("gpio.chip", &g.chip);
    b.bind("gpio.buzzer_line", &g.buzzer_line, -1, 1023);
    b.bind("gpio.led_line", &g.led_line, -1, 1023);
    b.bind("gpio.button_line", &g.button_line, -1, 1023);
    b.bind("gpio.active_low", &g.active_low);
    b.bind("gpio.button_active_low", &g.button_active_low);
    b.bind("gpio.button_pull_up", &g.button_pull_up);
    b.bind("gpio.max_on", &g.max_on);
    b.bind("gpio.debounce", &g.debounce);
    b.bind("gpio.long_press", &g.long_press);
    b.bind("gpio.pause_gesture", &g.pause_gesture);
    b.bind("gpio.double_press", &g.double_press);
    b.bind("gpio.fake_file", &g.fake_file);
    b.bind("gpio.fake_fault", &g.fake_fault);
}

void bind_alert_config(ConfigBinder& b, AlertConfig& a) {
    b.bind("alert.enabled", &a.enabled);
    b.bind("alert.hold", &a.hold);
    b.bind("alert.cooldown", &a.cooldown);
    b.bind("alert.max_level", &a.max_level, 1, 5);
    b.bind("alert.reset_after", &a.reset_after);
    b.bind("alert.snooze_minutes", &a.snooze_minutes, 1, 24 * 60);
    b.bind("alert.quiet_hours", &a.quiet_hours);
    b.bind("alert.break_after", &a.break_after);
    b.bind("alert.break_length", &a.break_length);
}

std::vector<std::string> board_search_dirs() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("PG_BOARDS_DIR"); env && *env) dirs.emplace_back(env);
    dirs.emplace_back("/etc/postureguard/boards");
    dirs.emplace_back(std::string(PG_SOURCE_DATA_DIR) + "/boards");
    dirs.emplace_back(std::string(PG_INSTALL_DATA_DIR) + "/boards");
    return dirs;
}

std::string resolve_board_file(const std::string& name) {
    namespace fs = std::filesystem;
    if (name.find('/') != std::string::npos || name.ends_with(".toml")) {
        if (!fs::exists(name)) throw ConfigError("board file " + name + " not found");
        return name;
    }
    std::vector<std::string> known;
    for (const auto& dir : board_search_dirs()) {
        fs::path p = fs::path(dir) / (name + ".toml");
        if (fs::exists(p)) return p.string();
        std::error_code ec;
        for (const auto& e : fs::directory_iterator(dir, ec))
            if (e.path().extension() == ".toml") known.push_back(e.path().stem().string());
    }
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    throw ConfigError("unknown board '" + name + "' (known: " + (list.empty() ? "none found" : list) + ")");
}

EdgeConfig load_edge_config(const EdgeOverrides& o) {
    EdgeConfig c;
    ConfigBinder binder;
    bind_edge_config(binder, c);
    if (o.board) {
        c.board_file = resolve_board_file(*o.board);
        binder.apply_file(c.board_file);
    }
    if (o.config_file) binder.apply_file(*o.config_file);
    if (o.source) c.source = *o.source;
    if (o.broker) c.mqtt.broker = *o.broker;
    if (o.device) c.device_id = *o.device;
    if (o.state_dir) c.state_dir = *o.state_dir;
    if (o.log_level) c.log_level = *o.log_level;
    if (o.cadence) {
        auto d = parse_duration(*o.cadence);
        if (!d || d->count() < 10) throw ConfigError("--cadence '" + *o.cadence + "' is not a duration such as 600ms or 10s");
        c.cadence = *d;
    }

    if (c.device_id.empty()) c.device_id = default_device_id();
    if (!is_valid_device_id(c.device_id))
        throw ConfigError("device id '" + c.device_id + "' is invalid: " + kDeviceIdRule);
    if (c.timezone.empty()) c.timezone = system_timezone();
    if (!is_known_timezone(c.timezone))
        throw ConfigError("device.timezone '" + c.timezone + "' is not a known IANA time zone");
    if (c.cadence.count() < 10) throw ConfigError("analysis.cadence must be at least 10ms");
    log::Level lvl;
    if (!log::parse_level(c.log_level, lvl))
        throw ConfigError("log level '" + c.log_level + "' is not one of trace, debug, info, warn, error");
    (void)to_mqtt_options(c.mqtt);  // validate broker/prefix now, not at first publish
    validate_gpio_config(c.gpio);
    (void)QuietHours(c.alert.quiet_hours, c.timezone);  // a bad window fails at start, not at 22:00
    (void)MonitoringSchedule(c.schedule, c.timezone);
    return c;
}

SourceOptions source_options(const EdgeConfig& c) {
    SourceOptions so;
    so.width = c.camera_width;
    so.height = c.camera_height;
    so.fps = c.camera_fps;
    so.timezone = c.timezone;
    so.now_ms = SystemClock().now_ms();
    if (c.camera_process) so.camera_process = "/proc/self/exe";
    return so;
}

}  // namespace pg
