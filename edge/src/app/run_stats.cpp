#include "app/run_stats.hpp"

#include "app/sequence_store.hpp"

#include <nlohmann/json.hpp>

namespace pg {

std::string to_json(const RunStats& s) {
    nlohmann::ordered_json j;
    j["frames"] = s.frames;
    j["samples"] = s.samples;
    j["batches"] = s.batches;
    j["acked_batches"] = s.acked_batches;
    j["dropped_samples"] = s.dropped_samples;
    j["bytes"] = s.bytes;
    j["outbox_depth"] = s.outbox_depth;
    j["interrupted"] = s.interrupted;
    return j.dump(2) + "\n";
}

void write_summary(const std::string& path, const RunStats& s) { write_file_atomically(path, to_json(s)); }

}  // namespace pg
