#include "app/tty_progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace pg::hub {

TtyProgress::TtyProgress(std::string label) : label_(std::move(label)), enabled_(isatty(STDERR_FILENO) == 1) {}

TtyProgress::~TtyProgress() {
    if (drawn_) std::fputc('\n', stderr);
}

void TtyProgress::operator()(std::int64_t done, std::int64_t total) {
    if (!enabled_ || total <= 0) return;
    const int percent = static_cast<int>(done * 100 / total);
    // Redraw per whole percent: a million-row export stays cheap on a slow terminal.
    if (percent == last_percent_) return;
    last_percent_ = percent;
    std::fprintf(stderr, "\r%s: %lld/%lld (%d%%)", label_.c_str(), static_cast<long long>(done),
                 static_cast<long long>(total), percent);
    std::fflush(stderr);
    drawn_ = true;
}

}  // namespace pg::hub
