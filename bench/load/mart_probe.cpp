#include "mart_probe.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace pg::load {
namespace {

std::int64_t mono_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

MartProbe::MartProbe(std::string db_path, int poll_ms) : path_(std::move(db_path)), poll_ms_(poll_ms) {
    thread_ = std::thread([this] { loop(); });
}

MartProbe::~MartProbe() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    if (db_) sqlite3_close(db_);
}

void MartProbe::set_devices(int n) {
    std::lock_guard l(m_);
    pending_.resize(static_cast<std::size_t>(n));
}

void MartProbe::published(int device, std::int64_t last_sample_ms) {
    std::lock_guard l(m_);
    const auto now = mono_ms();
    if (first_publish_ms_ == 0) first_publish_ms_ = now;
    pending_[static_cast<std::size_t>(device)].emplace_back(last_sample_ms, now);
    ++n_pending_;
}

void MartProbe::loop() {
    auto next_backlog = mono_ms();
    while (!stop_) {
        // The hub creates the file; until then there is nothing to read.
        if (!db_ && sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            sqlite3_close(db_);
            db_ = nullptr;
        }
        if (db_) {
            sqlite3_busy_timeout(db_, 1000);
            poll_once();
        }
        if (mono_ms() >= next_backlog) {
            std::lock_guard l(m_);
            if (first_publish_ms_) backlog_.emplace_back((mono_ms() - first_publish_ms_) / 1000.0, n_pending_);
            next_backlog += 1000;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(poll_ms_));
    }
}

void MartProbe::poll_once() {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_,
                           "SELECT d.name, max(m.last_sample_ms) FROM daily_mart m JOIN devices d ON d.id = m.device_id "
                           "GROUP BY m.device_id",
                           -1, &st, nullptr) != SQLITE_OK) {
        sqlite3_finalize(st);  // schema not there yet
        return;
    }
    std::vector<std::pair<int, std::int64_t>> seen;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char* name = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        if (name && std::string_view(name).starts_with("load-"))
            seen.emplace_back(std::atoi(name + 5), sqlite3_column_int64(st, 1));
    }
    sqlite3_finalize(st);
    const auto now = mono_ms();
    std::lock_guard l(m_);
    for (auto [dev, last] : seen) {
        if (dev < 0 || static_cast<std::size_t>(dev) >= pending_.size()) continue;
        auto& q = pending_[static_cast<std::size_t>(dev)];
        while (!q.empty() && q.front().first <= last) {
            lat_.push_back(static_cast<double>(now - q.front().second));
            q.pop_front();
            --n_pending_;
        }
    }
}

void MartProbe::drain(double timeout_s) {
    const auto deadline = mono_ms() + static_cast<std::int64_t>(timeout_s * 1000);
    while (pending() > 0 && mono_ms() < deadline) std::this_thread::sleep_for(std::chrono::milliseconds(poll_ms_));
}

std::vector<double> MartProbe::latencies_ms() const { std::lock_guard l(m_); return lat_; }
std::vector<std::pair<double, std::int64_t>> MartProbe::backlog() const { std::lock_guard l(m_); return backlog_; }
std::int64_t MartProbe::pending() const { std::lock_guard l(m_); return n_pending_; }

HubTotals MartProbe::hub_totals() {
    HubTotals t;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT count(*), total(n_samples), min(received_at_ms), max(received_at_ms) "
                                   "FROM batches", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            t.batches = sqlite3_column_int64(st, 0);
            t.samples = static_cast<std::int64_t>(sqlite3_column_double(st, 1));
            t.seconds = static_cast<double>(sqlite3_column_int64(st, 3) - sqlite3_column_int64(st, 2)) / 1000.0;
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return t;
}

}  // namespace pg::load
