#pragma once

#include "pg/posture_state.hpp"
#include "vision/posture_tracker.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>

namespace pg {

// `--trace FILE`: one CSV row per analysed tick, so a user can see why the
// device said what it said. Columns:
//   t_ms, time (UTC, ISO 8601), truth (when the source knows it), state, score,
//   width_ratio, drop, pitch_deg, roll_deg, yaw_deg (this tick, against the
//   baseline), judged_width_ratio, judged_drop, judged_pitch_deg, judged_roll_deg
//   (the filtered values the state was decided on), faces, analysis_ms.
// Metrics are empty while there is no face or no baseline. Numbers only, never
// pixels: the trace is written locally and is never published.
class TickTrace {
public:
    // Throws std::system_error naming the file when it cannot be created.
    explicit TickTrace(const std::filesystem::path& file);

    void write(const TickResult& tick, std::optional<PostureState> truth, double analysis_ms);

private:
    std::ofstream out_;
    std::filesystem::path file_;
};

}  // namespace pg
