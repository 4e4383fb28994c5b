#pragma once

#include "pg/posture_state.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace pg {

// Ground truth for a recording: CSV lines "frame,state" (frame index from 0,
// state a name such as good or forward_head; an optional header line and '#'
// comments are skipped). A frame without a line of its own has the state of the
// nearest labelled frame before it, so a file may list every frame or only the
// frames where the state changes.
class Labels {
public:
    // Throws ConfigError naming the file and line of anything malformed.
    static Labels load(const std::string& path);

    // nullopt before the first labelled frame.
    std::optional<PostureState> at(std::uint64_t frame) const;
    bool empty() const { return by_frame_.empty(); }

    void set(std::uint64_t frame, PostureState s) { by_frame_[frame] = s; }

private:
    std::map<std::uint64_t, PostureState> by_frame_;
};

}  // namespace pg
