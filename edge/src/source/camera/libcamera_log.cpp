#include "source/camera/libcamera_log.hpp"

#include "pg/log.hpp"

#include <libcamera/logging.h>

#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>

namespace pg {
namespace {

// A streambuf that hands each complete line to the application's logger.
class LineToLog : public std::streambuf {
protected:
    int overflow(int ch) override {
        if (ch == traits_type::eof()) return 0;
        if (ch == '\n') {
            flush_line();
        } else {
            line_ += static_cast<char>(ch);
        }
        return ch;
    }
    int sync() override {
        flush_line();
        return 0;
    }

private:
    void flush_line() {
        if (line_.empty()) return;
        log::Level level = line_.find(" ERROR ") != std::string::npos || line_.find(" FATAL ") != std::string::npos
                               ? log::Level::error
                               : log::Level::warn;
        log::write(level, "libcamera", line_);
        line_.clear();
    }
    std::string line_;
};

}  // namespace

void route_libcamera_logging() {
    static std::once_flag once;
    std::call_once(once, [] {
        static LineToLog buf;
        static std::ostream stream(&buf);
        libcamera::logSetStream(&stream, false);
        libcamera::logSetLevel("*", "WARN");
    });
}

}  // namespace pg
