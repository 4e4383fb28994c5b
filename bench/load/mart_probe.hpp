#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

struct sqlite3;

namespace pg::load {

// What the hub itself recorded, read back from its database.
struct HubTotals {
    std::int64_t batches = 0, samples = 0;
    double seconds = 0;  // first to last batches.received_at_ms
};

// Edge-publish -> mart-visible latency without touching the wire format: polls
// the hub's database read-only for each device's daily_mart.last_sample_ms and
// matches it against the last sample time of every batch we published.
class MartProbe {
public:
    MartProbe(std::string db_path, int poll_ms = 50);
    ~MartProbe();
    MartProbe(const MartProbe&) = delete;
    MartProbe& operator=(const MartProbe&) = delete;

    void set_devices(int n);
    void published(int device, std::int64_t last_sample_ms);  // called just before publish
    // Polls until every published batch is visible or `timeout_s` passes.
    void drain(double timeout_s);

    std::vector<double> latencies_ms() const;
    // (seconds since the first publish, batches published but not yet in a mart)
    std::vector<std::pair<double, std::int64_t>> backlog() const;
    std::int64_t pending() const;
    HubTotals hub_totals();

private:
    void loop();
    void poll_once();

    std::string path_;
    int poll_ms_;
    sqlite3* db_ = nullptr;
    mutable std::mutex m_;
    std::vector<std::deque<std::pair<std::int64_t, std::int64_t>>> pending_;  // (last sample, publish ms)
    std::int64_t n_pending_ = 0;
    std::int64_t first_publish_ms_ = 0;
    std::vector<double> lat_;
    std::vector<std::pair<double, std::int64_t>> backlog_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace pg::load
