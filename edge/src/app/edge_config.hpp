#pragma once

#include "alert/alert_config.hpp"
#include "indicator/gpio_config.hpp"
#include "pg/mqtt_config.hpp"
#include "source/frame_source.hpp"
#include "vision/tracker_config.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace pg {

class ConfigBinder;

// Everything pg-edge can be told, with the product's defaults. Layers, later
// wins: built-in defaults, the board file, the user's config file, command line.
struct EdgeConfig {
    std::string device_id;        // default: the host name, made topic-safe
    std::string timezone;         // default: the system's zone
    std::string state_dir = "/var/lib/postureguard";
    std::string source = "libcamera";
    int camera_width = 640;
    int camera_height = 480;
    int camera_fps = 10;
    bool camera_process = true;   // libcamera in a child process the edge restarts (camera.process)
    std::chrono::milliseconds cadence{600};
    std::chrono::milliseconds batch_interval{10000};
    int outbox_max_mb = 32;       // disk budget for unacknowledged batches
    int outbox_segment_kb = 1024; // one outbox file: the unit in which it grows, and drops when full
    bool clock_check = true;      // hold samples while the clock is unsynchronised
    std::chrono::milliseconds stats_interval{60000};
    bool ha_discovery = true;
    std::string ha_prefix = "homeassistant";
    std::string log_level = "info";
    MqttConfig mqtt;
    TrackerConfig tracker;
    GpioConfig gpio;
    AlertConfig alert;
    std::string schedule;         // [monitoring] schedule: weekly ranges in the device zone; "" = always
    std::string board_file;       // the resolved --board file, for error messages
};

void bind_edge_config(ConfigBinder& binder, EdgeConfig& config);
void bind_gpio_config(ConfigBinder& binder, GpioConfig& config);
void bind_alert_config(ConfigBinder& binder, AlertConfig& config);

// Command-line values that override the files; unset ones leave the files' values.
struct EdgeOverrides {
    std::optional<std::string> board;
    std::optional<std::string> config_file;
    std::optional<std::string> source;
    std::optional<std::string> broker;
    std::optional<std::string> device;
    std::optional<std::string> cadence;
    std::optional<std::string> state_dir;
    std::optional<std::string> log_level;
};

// Builds the effective config. Throws ConfigError naming the file/key/option.
EdgeConfig load_edge_config(const EdgeOverrides& overrides);

// Board profiles: "pi5" -> <boards dir>/pi5.toml; a path is used as given.
std::string resolve_board_file(const std::string& name);
std::vector<std::string> board_search_dirs();

// What the frame source of this configuration is opened with (the camera's
// size and rate, the zone, and now on the wall clock for a simulated start).
SourceOptions source_options(const EdgeConfig& c);

}  // namespace pg
