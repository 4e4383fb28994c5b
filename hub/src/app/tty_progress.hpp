#pragma once

#include <cstdint>
#include <string>

namespace pg::hub {

// "rebuild: 1200/3000 (40%)" redrawn in place on stderr, only when stderr is a
// terminal: logs and pipes never see carriage returns.
class TtyProgress {
public:
    explicit TtyProgress(std::string label);
    TtyProgress(const TtyProgress&) = delete;
    TtyProgress& operator=(const TtyProgress&) = delete;
    ~TtyProgress();

    void operator()(std::int64_t done, std::int64_t total);

private:
    std::string label_;
    bool enabled_;
    bool drawn_ = false;
    int last_percent_ = -1;
};

}  // namespace pg::hub
