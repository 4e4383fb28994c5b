#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace pg {

// A simulated timeline restarted on the same state directory resumes after the
// last tick whose batch reached the outbox, as a live camera would simply go on:
// nothing is analysed twice, nothing is skipped. The file holds the source spec,
// that tick and a checksum of both.
class SimProgress {
public:
    SimProgress(std::filesystem::path file, std::string source) : file_(std::move(file)), source_(std::move(source)) {}

    // The last stored tick; nullopt when there is no file or it is of another
    // source. Throws std::runtime_error when the file is damaged: guessing would
    // analyse stored days again or skip some, so the user decides.
    std::optional<std::int64_t> load() const;
    // Never throws: a failed save is logged, and only a restart would notice.
    void save(std::int64_t t_ms);

private:
    std::filesystem::path file_;
    std::string source_;
    bool warned_ = false;
};

}  // namespace pg
