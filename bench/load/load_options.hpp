#pragma once

#include <cstdint>
#include <string>

namespace pg::load {

// Everything pg-load is told on its command line (see pg_load.cpp --help).
struct LoadOptions {
    std::string broker = "127.0.0.1:1883";
    std::string prefix = "postureguard";
    std::string username, password;  // the broker's login, when it asks for one
    int devices = 100;
    int connections = 10;          // each publishes for devices/connections device ids
    double duration_s = 600;       // simulated seconds of traffic per device
    double batch_s = 10;           // simulated seconds per batch
    int cadence_ms = 600;
    double speed = 0;              // real-time factor; 0 = as fast as the window allows
    int qos = 1;
    int window = 100;              // unacknowledged publishes per connection
    std::int64_t t0_ms = 0;        // simulated start; 0 = yesterday 00:00 UTC
    std::uint32_t seed = 1;
    std::string summary;           // JSON file with counters and latency
    std::string latency_db;        // hub DB polled read-only for mart visibility
    double drain_s = 120;          // wait this long after the last publish for the marts
    // --count-only
    bool count_only = false;
    std::int64_t expect = 0;       // stop after this many messages (0 = idle timeout only)
    double idle_s = 10;
    std::string client_id = "pg-load-count";
};

}  // namespace pg::load
