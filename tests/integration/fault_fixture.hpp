#pragma once

// Helpers for the fault tests: edges as background processes with their own
// logs, the hub's counts, and a reader for the edge's outbox files so a test can
// tear, flip, cut or zero real records (outbox_record.hpp describes the format).
#include "system_fixture.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>

namespace pg::test {

// One record of an outbox segment file, as the fault tests need to find it.
struct OutboxRecord {
    std::size_t offset = 0, size = 0;
    int type = 0;  // 1 batch, 2 ack, 3 floor, 4 loss
    std::uint64_t seq = 0, samples = 0;
};

inline std::uint64_t read_le(const std::vector<std::uint8_t>& d, std::size_t at, int bytes) {
    std::uint64_t x = 0;
    for (int i = bytes - 1; i >= 0; --i) x = (x << 8) | d[at + static_cast<std::size_t>(i)];
    return x;
}

inline std::vector<std::uint8_t> read_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::vector<std::uint8_t> data(std::filesystem::file_size(file));
    in.read(reinterpret_cast<char*>(data.data()), static_cast<std::streamsize>(data.size()));
    return data;
}

inline void write_bytes(const std::filesystem::path& file, std::size_t offset, const std::vector<std::uint8_t>& bytes) {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Format 2: magic "PGR2", type, body length, body crc, the type's u64 fields,
// header crc, body. Stops at the first byte that does not start a record.
inline std::vector<OutboxRecord> outbox_records(const std::filesystem::path& segment) {
    const auto d = read_bytes(segment);
    std::vector<OutboxRecord> out;
    std::size_t off = 0;
    while (off + 16 <= d.size() && read_le(d, off, 4) == 0x32524750) {
        const int type = d[off + 4];
        const int fields = type == 1 ? 4 : type == 2 ? 1 : type == 3 ? 5 : 4;
        const std::size_t head = 16 + 8 * static_cast<std::size_t>(fields) + 4;
        OutboxRecord r{off, head + read_le(d, off + 8, 4), type, read_le(d, off + 16, 8), 0};
        if (type == 1) r.samples = read_le(d, off + 24, 8);
        out.push_back(r);
        off += r.size;
    }
    return out;
}

inline std::vector<OutboxRecord> batch_records(const std::filesystem::path& segment) {
    std::vector<OutboxRecord> out;
    for (const auto& r : outbox_records(segment))
        if (r.type == 1) out.push_back(r);
    return out;
}

class FaultFixture : public SystemFixture {
protected:
    std::string state_dir(const std::string& device) const { return tmp_.path + "/state-" + device; }
    std::string edge_log(const std::string& device) const { return tmp_.path + "/edge-" + device + ".log"; }
    std::filesystem::path segment(const std::string& device, int id = 1) const {
        char name[32];
        std::snprintf(name, sizeof name, "seg-%012d.log", id);
        return std::filesystem::path(state_dir(device)) / "outbox" / name;
    }

    std::unique_ptr<ChildProcess> start_edge(const std::string& device, const std::string& source,
                                             const std::string& cadence, const std::string& broker,
                                             std::vector<std::string> extra = {}) {
        std::vector<std::string> argv{PG_EDGE_BIN, "--source", source, "--cadence", cadence, "--speed", "max",
                                      "--broker", broker, "--device", device, "--state-dir", state_dir(device),
                                      "--summary", summary_path(device)};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return std::make_unique<ChildProcess>(argv, edge_log(device));
    }

    bool wait_for_log(const std::string& file, const std::string& text, std::chrono::seconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (read_file(file).find(text) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    }

    // An edge with no broker to reach: it runs its source to the end with every
    // batch in its outbox, then waits.
    std::unique_ptr<ChildProcess> start_offline(const std::string& device, const std::string& source,
                                                const std::string& cadence) {
        return start_edge(device, source, cadence, "127.0.0.1:" + std::to_string(free_loopback_port()));
    }
    // ... and then the power is cut (SIGKILL: nothing more is written).
    void cut_power_when_done(ChildProcess& edge, const std::string& device) {
        ASSERT_TRUE(wait_for_log(edge_log(device), "source ended", std::chrono::seconds(180)))
            << read_file(edge_log(device));
        edge.signal(SIGKILL);
        edge.wait(std::chrono::seconds(10));
    }
    void run_offline_then_cut(const std::string& device, const std::string& source, const std::string& cadence) {
        auto edge = start_offline(device, source, cadence);
        cut_power_when_done(*edge, device);
    }

    long long counter(const std::string& device, const char* key) {
        auto row = device_row(device);
        return row.is_null() ? 0 : row.value(key, 0LL);
    }

    // Polls until the hub's samples plus the drops it was told of reach `total`.
    long long wait_accounted(const std::string& device, long long total, std::chrono::seconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        long long have = -1;
        while (std::chrono::steady_clock::now() < deadline) {
            auto row = device_row(device);
            if (!row.is_null()) have = row.value("samples", 0LL) + row.value("dropped_samples", 0LL);
            if (have >= total) return have;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        return have;
    }
};

}  // namespace pg::test
